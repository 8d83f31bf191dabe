namespace Ibis.Domain.Indicia;

/// <summary>Approval state of advertising matter (P050 4.10) and of indicium designs (P050 4.1).</summary>
public static class ApprovalStatus
{
    public const string Submitted = "submitted", Approved = "approved", Rejected = "rejected", Withdrawn = "withdrawn";

    /// <summary>Only a submitted item can be decided; a decision is final (a new submission starts again).</summary>
    public static bool CanDecide(string status) => status == Submitted;
}

/// <summary>
/// P050 4.10: advertising art messages must include the mailer's name or words such as "Mailer's
/// Message". Checked when the provider submits the art, and again by the approver.
/// </summary>
public sealed record AdMustIdentifyMailerRule(string Text, string? MailerName) : IBusinessRule
{
    public string Code => "ad_mailer_not_identified";

    public RuleKind Kind => RuleKind.BadInput;

    public string Message => MailerName is null
        ? "advertising art must include the words \"Mailer's Message\" (or name the mailer, for art made for one licensee) (P050 4.10)"
        : $"advertising art must include the mailer's name (\"{MailerName}\") or the words \"Mailer's Message\" (P050 4.10)";

    public string? Field => "text";

    public bool IsBroken() =>
        !(Text.Contains("MAILER'S MESSAGE", StringComparison.OrdinalIgnoreCase)
          || Text.Contains("MAILER\u2019S MESSAGE", StringComparison.OrdinalIgnoreCase)
          || (!string.IsNullOrWhiteSpace(MailerName) && Text.Contains(MailerName.Trim(), StringComparison.OrdinalIgnoreCase)));
}

/// <summary>P050 4.10, §502.20(d): only advertising matter approved beforehand may be printed.</summary>
public sealed record AdMustBeApprovedRule(string AdId, string Status) : IBusinessRule
{
    public string Code => "ad_not_approved";

    public string Message => $"advertisement {AdId} is {Status}, not approved; only advertising matter approved beforehand may be printed (P050 4.10, 39 CFR 502.20(d))";

    public string? Field => "ad_id";

    public bool IsBroken() => Status != ApprovalStatus.Approved;
}

/// <summary>P050 4.1: indicia designs must be those approved for the product; only an approved, registered design prints.</summary>
public sealed record DesignMustBeApprovedRule(string DesignId, string Status) : IBusinessRule
{
    public string Code => "design_not_approved";

    public string Message => $"indicium design {DesignId} is {Status}, not approved; indicia may only use the designs approved for the product (P050 4.1)";

    public string? Field => "design_id";

    public bool IsBroken() => Status != ApprovalStatus.Approved;
}
