namespace Ibis.Domain.Licensing;

/// <summary>
/// The appeal aggregate (P050 2.4): a written appeal against a refusal or a revocation, filed pending,
/// granted or denied once by the Manager, Metering Technology Management. The server loads it from its
/// row, calls a verb, and stores <see cref="Status"/> back.
/// </summary>
public sealed class Appeal
{
    private Appeal(string id, AppealStatus status)
    {
        Id = id;
        Status = status;
    }

    public string Id { get; }

    public AppealStatus Status { get; private set; }

    public static Appeal Load(string id, AppealStatus status) => new(id, status);

    /// <summary>P050 2.4: the appeal is written; its statement gives the grounds.</summary>
    public static Appeal File(string id, string? statement)
    {
        Rules.Check(new AppealMustBeInWritingRule(statement));
        return new(id, AppealStatus.Pending);
    }

    public void Grant() => MoveTo(AppealStatus.Granted);

    public void Deny() => MoveTo(AppealStatus.Denied);

    private void MoveTo(AppealStatus to)
    {
        Rules.Check(new AppealTransitionMustBeAllowedRule(Id, Status, to));
        Status = to;
    }
}
