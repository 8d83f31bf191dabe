namespace Ibis.Domain.Licensing;

/// <summary>
/// The Form 3601-A aggregate (P050 2.1–2.2, §502.20(b)): submitted by the applicant to its provider,
/// transmitted by the provider, approved or refused by the Postal Service's licensing official. It holds
/// the state and refuses every move <see cref="LicenseApplicationTransitionMustBeAllowedRule"/> does not
/// allow; the server loads it from its row, calls a verb, and stores <see cref="Status"/> back.
/// </summary>
public sealed class LicenseApplication
{
    private LicenseApplication(string id, LicenseApplicationStatus status)
    {
        Id = id;
        Status = status;
    }

    public string Id { get; }

    public LicenseApplicationStatus Status { get; private set; }

    public static LicenseApplication Load(string id, LicenseApplicationStatus status) => new(id, status);

    /// <summary>P050 2.1: the applicant gives its provider the completed Form 3601-A.</summary>
    public static LicenseApplication Submit(string id) => new(id, LicenseApplicationStatus.Submitted);

    /// <summary>§502.20(b): the provider electronically transmits the completed form, once.</summary>
    public void Transmit() => MoveTo(LicenseApplicationStatus.Transmitted);

    /// <summary>P050 2.1: the Postal Service approves a transmitted application and issues the license.</summary>
    public void Approve() => MoveTo(LicenseApplicationStatus.Approved);

    /// <summary>P050 2.2: the Postal Service refuses a transmitted application, only for a reason of 2.2.</summary>
    public void Refuse(string? reason)
    {
        Rules.Check(new RefusalMustStateReasonRule(reason));
        MoveTo(LicenseApplicationStatus.Refused);
    }

    /// <summary>The applicant takes back an application the Postal Service has not decided yet.</summary>
    public void Withdraw() => MoveTo(LicenseApplicationStatus.Withdrawn);

    /// <summary>
    /// P050 2.4: an appeal against the refusal was granted; the application goes back to the licensing
    /// official, who approves it as the appeal decided.
    /// </summary>
    public void ReopenOnAppeal() => MoveTo(LicenseApplicationStatus.Transmitted, onAppeal: true);

    private void MoveTo(LicenseApplicationStatus to, bool onAppeal = false)
    {
        Rules.Check(new LicenseApplicationTransitionMustBeAllowedRule(Id, Status, to, onAppeal));
        Status = to;
    }
}
