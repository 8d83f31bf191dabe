namespace Ibis.Domain.Customers;

/// <summary>
/// Notice 820.100 "Record Access Procedures" and "Contesting Record Procedures": a request is received, the
/// requester's identity verified (39 CFR 266.6), then an inquiry answered with the records held, or an
/// amendment accepted or refused. Each refusal keeps the code the API has always answered with (409).
/// </summary>
public sealed record PrivacyRequestTransitionMustBeAllowedRule(string RequestId, PrivacyRequestKind RequestKind, PrivacyRequestStatus From, PrivacyRequestStatus To)
    : IBusinessRule
{
    public string Code => Refusal.Code;

    public string Message => Refusal.Message;

    public RuleKind Kind => RuleKind.Conflict;

    public bool IsBroken() => !PrivacyRequestStatuses.Allows(RequestKind, From, To);

    private (string Code, string Message) Refusal => (RequestKind, From, To) switch
    {
        (_, _, PrivacyRequestStatus.Received or PrivacyRequestStatus.Verified) => ("request_not_received", $"request {RequestId} is {From.ToWords()}"),
        (PrivacyRequestKind.Amendment, _, PrivacyRequestStatus.Answered) =>
            ("request_not_inquiry", $"request {RequestId} is an amendment request; a report answers an inquiry"),
        (PrivacyRequestKind.Inquiry, _, PrivacyRequestStatus.Accepted or PrivacyRequestStatus.Refused) =>
            ("request_not_amendment", $"request {RequestId} is an inquiry; only an amendment request is accepted or refused"),
        (_, PrivacyRequestStatus.Received, PrivacyRequestStatus.Answered) =>
            ("identity_not_verified", "the requester's identity is verified by staff before records are reported (39 CFR 266.6)"),
        (_, PrivacyRequestStatus.Received, _) => ("identity_not_verified", "verify the requester's identity first (39 CFR 266.6)"),
        _ => ("request_decided", $"request {RequestId} is {From.ToWords()}"),
    };
}

/// <summary>39 CFR 266: a refused amendment records its reasons, which the requester is told.</summary>
public sealed record AmendmentRefusalMustGiveReasonsRule(string? Reasons) : IBusinessRule
{
    public string Code => "reasons_required";

    public string Message => "a refused amendment records its reasons";

    public string? Field => "reasons";

    public RuleKind Kind => RuleKind.BadInput;

    public bool IsBroken() => string.IsNullOrWhiteSpace(Reasons);
}
