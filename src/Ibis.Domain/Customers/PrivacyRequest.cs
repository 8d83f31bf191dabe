namespace Ibis.Domain.Customers;

/// <summary>
/// A Privacy Act request (notice 820.100 "Notification Procedure", "Record Access Procedures", "Contesting
/// Record Procedures"): received, the requester's identity verified by staff (39 CFR 266.6), then an inquiry
/// answered with the report of the records held, or an amendment accepted or refused. It refuses every move
/// <see cref="PrivacyRequestTransitionMustBeAllowedRule"/> does not allow; the server loads it from its row,
/// calls a verb, and stores <see cref="Status"/> back.
/// </summary>
public sealed class PrivacyRequest
{
    private PrivacyRequest(string id, PrivacyRequestKind kind, PrivacyRequestStatus status)
    {
        Id = id;
        Kind = kind;
        Status = status;
    }

    public string Id { get; }

    public PrivacyRequestKind Kind { get; }

    public PrivacyRequestStatus Status { get; private set; }

    public static PrivacyRequest Load(string id, PrivacyRequestKind kind, PrivacyRequestStatus status) => new(id, kind, status);

    /// <summary>Notification Procedure: the request in writing is logged; nothing is disclosed yet.</summary>
    public static PrivacyRequest Receive(string id, PrivacyRequestKind kind) => new(id, kind, PrivacyRequestStatus.Received);

    /// <summary>39 CFR 266.6: staff verify the requester's identity, once, before any record is disclosed.</summary>
    public void VerifyIdentity() => MoveTo(PrivacyRequestStatus.Verified);

    /// <summary>
    /// Record Access Procedures: the report of the records held answers a verified inquiry. It may be
    /// produced again (a download, a second look); the request stays answered.
    /// </summary>
    public void Answer() => MoveTo(PrivacyRequestStatus.Answered);

    /// <summary>
    /// Contesting Record Procedures: whether a decision may be taken at all. The API refuses an inquiry, a
    /// decided or an unverified request before it reads the decision, so a bad decision word on a decided
    /// request is answered as decided.
    /// </summary>
    public void MustAwaitDecision() => Rules.Check(new PrivacyRequestTransitionMustBeAllowedRule(Id, Kind, Status, PrivacyRequestStatus.Accepted));

    /// <summary>The amendment is accepted: the server corrects the record, keeping its earlier version.</summary>
    public void Accept() => MoveTo(PrivacyRequestStatus.Accepted);

    /// <summary>The amendment is refused, with its reasons recorded (39 CFR 266).</summary>
    public void Refuse(string? reasons)
    {
        Rules.Check(new PrivacyRequestTransitionMustBeAllowedRule(Id, Kind, Status, PrivacyRequestStatus.Refused));
        Rules.Check(new AmendmentRefusalMustGiveReasonsRule(reasons));
        Status = PrivacyRequestStatus.Refused;
    }

    private void MoveTo(PrivacyRequestStatus to)
    {
        Rules.Check(new PrivacyRequestTransitionMustBeAllowedRule(Id, Kind, Status, to));
        Status = to;
    }
}

public static class PrivacyRequestStatuses
{
    /// <summary>The moves the procedures allow; everything else is refused by <see cref="PrivacyRequestTransitionMustBeAllowedRule"/>.</summary>
    public static bool Allows(PrivacyRequestKind kind, PrivacyRequestStatus from, PrivacyRequestStatus to) => (kind, from, to) switch
    {
        (_, PrivacyRequestStatus.Received, PrivacyRequestStatus.Verified) => true,
        (PrivacyRequestKind.Inquiry, PrivacyRequestStatus.Verified or PrivacyRequestStatus.Answered, PrivacyRequestStatus.Answered) => true,
        (PrivacyRequestKind.Amendment, PrivacyRequestStatus.Verified, PrivacyRequestStatus.Accepted or PrivacyRequestStatus.Refused) => true,
        _ => false,
    };
}
