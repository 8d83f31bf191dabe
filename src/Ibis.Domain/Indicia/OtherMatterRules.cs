namespace Ibis.Domain.Indicia;

/// <summary>Approval state of advertising matter (P050 4.10) and of indicium designs (P050 4.1).</summary>
[StoredAsText]
public enum ApprovalStatus
{
    Submitted,
    Approved,
    Rejected,
    Withdrawn,
}

public static class ApprovalStatuses
{
    /// <summary>Only a submitted item can be decided; a decision is final (a new submission starts again).</summary>
    public static bool CanDecide(ApprovalStatus status) => status == ApprovalStatus.Submitted;
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
public sealed record AdMustBeApprovedRule(string AdId, ApprovalStatus Status) : IBusinessRule
{
    public string Code => "ad_not_approved";

    public string Message => $"advertisement {AdId} is {Status.ToText()}, not approved; only advertising matter approved beforehand may be printed (P050 4.10, 39 CFR 502.20(d))";

    public string? Field => "ad_id";

    public bool IsBroken() => Status != ApprovalStatus.Approved;
}

/// <summary>P050 4.1: indicia designs must be those approved for the product; only an approved, registered design prints.</summary>
public sealed record DesignMustBeApprovedRule(string DesignId, ApprovalStatus Status) : IBusinessRule
{
    public string Code => "design_not_approved";

    public string Message => $"indicium design {DesignId} is {Status.ToText()}, not approved; indicia may only use the designs approved for the product (P050 4.1)";

    public string? Field => "design_id";

    public bool IsBroken() => Status != ApprovalStatus.Approved;
}

/// <summary>P050 4.1: the provider registers the indicium designs of its approved product.</summary>
public sealed record OnlyTheProviderRegistersDesignsRule(bool CallerIsProvider) : IBusinessRule
{
    public string Code => "forbidden";

    public string Message => "the provider registers the designs of its product (P050 4.1)";

    public RuleKind Kind => RuleKind.Forbidden;

    public bool IsBroken() => !CallerIsProvider;
}

/// <summary>P050 4.1: a design is the one specified by the USPS approval of the product, which the registration cites.</summary>
public sealed record DesignMustCiteProductApprovalRule(string ApprovalReference) : IBusinessRule
{
    public const int MaxLength = 100;

    public string Code => "approval_reference_required";

    public string Message => "approval_reference: the USPS approval of the product that specified this design (P050 4.1)";

    public string? Field => "approval_reference";

    public RuleKind Kind => RuleKind.BadInput;

    public bool IsBroken() => ApprovalReference.Length is 0 or > MaxLength;
}

/// <summary>P050 4.1: the Postal Service approves the indicium design with the product.</summary>
public sealed record OnlyThePostalServiceApprovesDesignsRule(bool CallerIsPostal) : IBusinessRule
{
    public string Code => "forbidden";

    public string Message => "designs are approved by the Postal Service with the product (P050 4.1)";

    public RuleKind Kind => RuleKind.Forbidden;

    public bool IsBroken() => !CallerIsPostal;
}

/// <summary>P050 4.1, 4.10: what the Postal Service approves — a design or advertising matter.</summary>
public enum ApprovalSubject
{
    Design,
    Advertisement,
}

/// <summary>P050 4.1, 4.10: only submitted matter is decided; a decision is final (a new submission starts again).</summary>
public sealed record ApprovalMustBeUndecidedRule(ApprovalSubject Subject, string Id, ApprovalStatus Status) : IBusinessRule
{
    public string Code => "already_decided";

    public string Message => Subject == ApprovalSubject.Design
        ? $"design {Id} is {Status.ToText()}; only a submitted design can be decided (P050 4.1)"
        : $"advertisement {Id} is {Status.ToText()}; only submitted matter can be decided (P050 4.10)";

    public RuleKind Kind => RuleKind.Conflict;

    public bool IsBroken() => !ApprovalStatuses.CanDecide(Status);
}

/// <summary>P050 4.10: the provider supplies the advertising matter printed with its indicia.</summary>
public sealed record OnlyTheProviderSuppliesAdvertisingRule(bool CallerIsProvider) : IBusinessRule
{
    public string Code => "forbidden";

    public string Message => "advertising matter is supplied by the provider (P050 4.10)";

    public RuleKind Kind => RuleKind.Forbidden;

    public bool IsBroken() => !CallerIsProvider;
}

/// <summary>P050 4.10: advertising matter is printed within the space limitations of the indicium.</summary>
public sealed record AdvertisingMustFitItsSpaceRule(string Text) : IBusinessRule
{
    public const int MaxLines = 4;

    public const int MaxTextLength = 200;

    public string Code => "text_too_long";

    public string Message => $"advertising matter is at most {MaxLines} lines and {MaxTextLength} characters (P050 4.10: within space limitations)";

    public string? Field => "text";

    public RuleKind Kind => RuleKind.BadInput;

    public bool IsBroken() => Text.Length > MaxTextLength || Text.Split('\n').Length > MaxLines;
}

/// <summary>P050 4.10, §502.20(d): the Postal Service approves advertising matter; the provider obtains the approval.</summary>
public sealed record OnlyThePostalServiceApprovesAdvertisingRule(bool CallerIsPostal) : IBusinessRule
{
    public string Code => "forbidden";

    public string Message => "advertising matter is approved by the Postal Service; the provider obtains the approval (P050 4.10, §502.20(d))";

    public RuleKind Kind => RuleKind.Forbidden;

    public bool IsBroken() => !CallerIsPostal;
}

/// <summary>P050 4.1: a piece is printed with a design registered for the device's provider (or a built-in one).</summary>
public sealed record DesignMustBeRegisteredRule(string DesignId, bool Registered) : IBusinessRule
{
    public string Code => "design_unknown";

    public string Message => $"indicium design '{DesignId}' is not registered for this device's provider (P050 4.1)";

    public string? Field => "design_id";

    public RuleKind Kind => RuleKind.BadInput;

    public bool IsBroken() => !Registered;
}

/// <summary>P050 4.10, §502.20(d): advertising matter comes from the device's provider and is meant for this licensee.</summary>
public sealed record AdMustBeOfferedRule(string AdId, bool Offered) : IBusinessRule
{
    public string Code => "ad_unknown";

    public string Message => $"advertisement '{AdId}' is not offered to this licensee by its provider (P050 4.10)";

    public string? Field => "ad_id";

    public RuleKind Kind => RuleKind.BadInput;

    public bool IsBroken() => !Offered;
}

/// <summary>P050 4.5: the licensing post office approves a classified branch name printed in the indicium, and withdraws that approval.</summary>
public sealed record OnlyTheLicensingPostOfficeApprovesBranchNamesRule(bool CallerIsPostal) : IBusinessRule
{
    public string Code => "forbidden";

    public string Message => "the licensing post office approves a classified branch name (P050 4.5)";

    public RuleKind Kind => RuleKind.Forbidden;

    public bool IsBroken() => !CallerIsPostal;
}
