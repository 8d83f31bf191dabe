namespace Ibis.Server.Api;

/// <summary>
/// One decision vocabulary across the API (issue 19): a decision is asked for as <c>approve</c> or
/// <c>reject</c>, and every decided object shows <c>decision</c>: <c>approved</c>, <c>rejected</c> or
/// <c>pending</c>. The rule's own words stay in <c>status</c> and are accepted as input too: a license
/// application is approved or refused (P050 2.1, 2.2), an appeal granted or denied (P050 2.4), a
/// Privacy Act amendment accepted or refused (39 CFR 266), a refund approved or rejected (§502.27).
/// </summary>
public static class Decisions
{
    public const string Approve = "approve";
    public const string Reject = "reject";

    public static IReadOnlyList<string> Inputs { get; } = [Approve, Reject];

    /// <summary>The decision asked for: approve, reject, or null when the word is neither (nor a synonym of the rule).</summary>
    public static string? Input(string? word) => word switch
    {
        "approve" or "approved" or "accept" or "accepted" or "grant" or "granted" => Approve,
        "reject" or "rejected" or "refuse" or "refused" or "deny" or "denied" => Reject,
        _ => null,
    };

    /// <summary>What a status means as a decision: approved, rejected or pending.</summary>
    public static string Of(string? status) => status switch
    {
        "approved" or "accepted" or "granted" or "paid" => "approved",
        "refused" or "rejected" or "denied" => "rejected",
        _ => "pending",
    };
}
