namespace Ibis.Domain.Licensing;

// The rules of the licensing workflow (P050 2.1–2.5, §502.20(a)–(c)): which state of an application or a license
// each act needs. Who acts is each use case's Access (Ibis.Server/Licensing: ApplyForLicense, DecideApplication …).
// Each refusal names its section; its Kind picks the HTTP status at the edge.

/// <summary>P050 2.1: "The application must state the post office where the applicant intends to deposit mail."</summary>
public sealed record ApplicationMustStatePostOfficeRule(bool PostOfficeGiven) : IBusinessRule
{
    public string Code => "post_office_required";

    public string Message => "the application must state the post office where mail will be deposited (P050 2.1)";

    public string? Field => "post_office";

    public bool IsBroken() => !PostOfficeGiven;
}

/// <summary>P050 2.1: the applicant gives all applicable data on Form 3601-A; an address block is given whole.</summary>
public sealed record ApplicationMustGiveAddressRule(string AddressField, bool AddressGiven) : IBusinessRule
{
    // Spelled out rather than built from the field name, so every code the API can answer is greppable.
    public string Code => AddressField switch
    {
        "mailing_address" => "mailing_address_required",
        "device_location" => "device_location_required",
        _ => "field_required",
    };

    public string Message => $"{AddressField} is required on Form 3601-A (P050 2.1: all applicable data)";

    public string? Field => AddressField;

    public bool IsBroken() => !AddressGiven;
}

/// <summary>P050 2.1: the applicant gives all applicable data on Form 3601-A.</summary>
public sealed record ApplicationFieldRequiredRule(string FormField, string What, string? Value) : IBusinessRule
{
    public string Code => "field_required";

    public string Message => $"{FormField} is required on Form 3601-A: {What} (P050 2.1: all applicable data)";

    public string? Field => FormField;

    public bool IsBroken() => string.IsNullOrWhiteSpace(Value);
}

/// <summary>P050 2.1: one application per post office at a time; a separate application is needed only for another post office.</summary>
public sealed record ApplicationMustNotBeDuplicateRule(string PostOfficeZip, bool PendingForPostOffice) : IBusinessRule
{
    public string Code => "application_duplicate";

    public string Message => $"an application for the post office {PostOfficeZip} is already pending; a separate application is needed only for another post office (P050 2.1)";

    public string? Field => "post_office.zip";

    public RuleKind Kind => RuleKind.Conflict;

    public bool IsBroken() => PendingForPostOffice;
}

/// <summary>P050 2.5d: updated information for a license is reported once and transmitted before the next update.</summary>
public sealed record LicenseUpdateMustNotBePendingRule(string LicenseId, bool UpdatePending) : IBusinessRule
{
    public string Code => "application_duplicate";

    public string Message => $"updated information for license {LicenseId} is already pending (P050 2.5d)";

    public string? Field => "license_id";

    public RuleKind Kind => RuleKind.Conflict;

    public bool IsBroken() => UpdatePending;
}

/// <summary>What is done to a license that needs it valid.</summary>
public enum LicenseAct
{
    /// <summary>P050 2.5d: updated information is reported for a valid license.</summary>
    Update,

    /// <summary>P050 2.5e: a revised license is issued from the updated information of a valid license.</summary>
    Revise,

    /// <summary>§502.20(c): systems are leased only to parties with valid licenses.</summary>
    Lease,
}

/// <summary>
/// P050 2.5d–e, §502.20(c): a license is updated, revised or leased under only while it is valid (its
/// revocation is a move of <see cref="LicenseTransitionMustBeAllowedRule"/>).
/// </summary>
public sealed record LicenseMustBeValidForRule(string LicenseId, LicenseStatus Status, LicenseAct Act) : IBusinessRule
{
    public string Code => "license_not_valid";

    public string Message => Act switch
    {
        LicenseAct.Update => $"license {LicenseId} is {Status.ToWords()}; only a valid license is updated (P050 2.5d)",
        LicenseAct.Revise => $"license {LicenseId} is {Status.ToWords()}; only a valid license is revised (P050 2.5e)",
        _ => $"license {LicenseId} is {Status.ToWords()}: systems are leased only to parties with valid licenses (§502.20(c))",
    };

    public string? Field => Act is LicenseAct.Update or LicenseAct.Lease ? "license_id" : null;

    public RuleKind Kind => RuleKind.Conflict;

    public bool IsBroken() => Status != LicenseStatus.Valid;
}

/// <summary>P050 2.2: a license is refused only for one of the reasons of 2.2.</summary>
public sealed record RefusalMustStateReasonRule(string? Reason) : IBusinessRule
{
    public string Code => "refusal_reason_invalid";

    public string Message => $"a refusal states a reason of P050 2.2: {string.Join(", ", RefusalReasons.All.Keys)}";

    public string? Field => "reason";

    public RuleKind Kind => RuleKind.BadInput;

    public bool IsBroken() => Reason is null || !RefusalReasons.All.ContainsKey(Reason);
}

/// <summary>P050 2.3: a license is revoked only for one of the reasons a–f.</summary>
public sealed record RevocationMustStateReasonRule(string? Reason) : IBusinessRule
{
    public string Code => "revocation_reason_invalid";

    public string Message => "a revocation states a reason a–f of P050 2.3";

    public string? Field => "reason";

    public RuleKind Kind => RuleKind.BadInput;

    public bool IsBroken() => Reason is null || !RevocationReasons.All.ContainsKey(Reason);
}

/// <summary>P050 2.5e: the PSDs are checked out of service before the customer is relicensed at a new post office.</summary>
public sealed record RelicensingRequiresDevicesCheckedOutRule(IReadOnlyList<string> DevicesInUse) : IBusinessRule
{
    public string Code => "psd_not_checked_out";

    public string Message => $"the PSDs {string.Join(", ", DevicesInUse)} must be checked out of service before the customer is relicensed at the new post office (P050 2.5e)";

    public RuleKind Kind => RuleKind.Conflict;

    public bool IsBroken() => DevicesInUse.Count > 0;
}

/// <summary>P050 2.1: one license per applicant and post office; the holder's file is updated instead.</summary>
public sealed record OneLicensePerPostOfficeRule(string LicenseeId, string PostOfficeZip, bool AlreadyHeld) : IBusinessRule
{
    public string Code => "license_exists";

    public string Message => $"licensee {LicenseeId} already holds a license at {PostOfficeZip}: one license per applicant and post office (P050 2.1)";

    public RuleKind Kind => RuleKind.Conflict;

    public bool IsBroken() => AlreadyHeld;
}

/// <summary>What an appeal is against (P050 2.4): a refused application or a revoked license.</summary>
public enum AppealedDecision
{
    Application,
    License,
}

/// <summary>
/// P050 2.4: only a refusal of a license or a revocation is appealed. Made for an application
/// (<see cref="For(string, LicenseApplicationStatus)"/>) or for a license (<see cref="For(string, LicenseStatus)"/>).
/// </summary>
public sealed record DecisionMustBeAppealableRule : IBusinessRule
{
    private DecisionMustBeAppealableRule(AppealedDecision decision, string decisionId, string status, bool appealable)
    {
        Decision = decision;
        DecisionId = decisionId;
        Status = status;
        Appealable = appealable;
    }

    public AppealedDecision Decision { get; }

    public string DecisionId { get; }

    /// <summary>The decision's status as words.</summary>
    public string Status { get; }

    /// <summary>A refused application or a revoked license.</summary>
    public bool Appealable { get; }

    public static DecisionMustBeAppealableRule For(string applicationId, LicenseApplicationStatus status) =>
        new(AppealedDecision.Application, applicationId, status.ToWords(), status == LicenseApplicationStatus.Refused);

    public static DecisionMustBeAppealableRule For(string licenseId, LicenseStatus status) =>
        new(AppealedDecision.License, licenseId, status.ToWords(), status == LicenseStatus.Revoked);

    public string Code => "decision_not_appealable";

    public string Message => $"{(Decision == AppealedDecision.Application ? "application" : "license")} {DecisionId} is {Status}; only a refusal or a revocation is appealed (P050 2.4)";

    public string? Field => "decision_id";

    public RuleKind Kind => RuleKind.Conflict;

    public bool IsBroken() => !Appealable;
}

/// <summary>P050 2.4: one appeal against a decision at a time.</summary>
public sealed record AppealMustNotBePendingRule(string DecisionId, bool AppealPending) : IBusinessRule
{
    public string Code => "appeal_pending";

    public string Message => $"an appeal against {DecisionId} is already pending (P050 2.4)";

    public string? Field => "decision_id";

    public RuleKind Kind => RuleKind.Conflict;

    public bool IsBroken() => AppealPending;
}

/// <summary>§502.20(c): a system is leased to the holder of a license, which the lease names.</summary>
public sealed record LeaseMustNameLicenseRule(string? LicenseId) : IBusinessRule
{
    public string Code => "license_id_required";

    public string Message => "license_id is the lessee's license (§502.20(c))";

    public string? Field => "license_id";

    public RuleKind Kind => RuleKind.BadInput;

    public bool IsBroken() => LicenseId is null;
}

/// <summary>P050 2.5i: the licensee signs a lease.</summary>
public sealed record LeaseMustBeSignedRule(string? SignedBy) : IBusinessRule
{
    public string Code => "lease_not_signed";

    public string Message => "the lease is signed: signed_by is the name of the signatory (P050 2.5i)";

    public string? Field => "signed_by";

    public RuleKind Kind => RuleKind.BadInput;

    public bool IsBroken() => string.IsNullOrEmpty(SignedBy);
}

/// <summary>P050 2.5i: the lease includes a financial agreement for resetting: the deposit account resets are paid from.</summary>
public sealed record LeaseMustIncludeFinancialAgreementRule(string? ResettingAccountId) : IBusinessRule
{
    public string Code => "financial_agreement_required";

    public string Message => "the lease includes a financial agreement for resetting: resetting_account_id is the deposit account resets are paid from (P050 2.5i)";

    public string? Field => "resetting_account_id";

    public RuleKind Kind => RuleKind.BadInput;

    public bool IsBroken() => ResettingAccountId is null;
}

/// <summary>§502.20(h): the lease of a revoked license is cancelled only after its PSD is checked out of service.</summary>
public sealed record TaskRequiresDeviceCheckedOutRule(string? DeviceId, bool DeviceStillActive) : IBusinessRule
{
    public string Code => "psd_not_checked_out";

    public string Message => $"PSD {DeviceId} is not yet checked out of service: withdraw it first (POST /v1/devices/{DeviceId}/withdrawal) (§502.20(h))";

    public RuleKind Kind => RuleKind.Conflict;

    public bool IsBroken() => DeviceStillActive;
}

/// <summary>P050 2.4: the appeal is written; its statement gives the grounds.</summary>
public sealed record AppealMustBeInWritingRule(string? Statement) : IBusinessRule
{
    public const int MaxLength = 10_000;

    public string Code => "statement_required";

    public string Message => "an appeal is in writing: statement gives its grounds (up to 10,000 characters) (P050 2.4)";

    public string? Field => "statement";

    public RuleKind Kind => RuleKind.BadInput;

    public bool IsBroken() => Statement?.Trim() is not { Length: > 0 and <= MaxLength };
}

/// <summary>A provider task is completed once.</summary>
public sealed record ProviderTaskMustBeOpenRule(string TaskId, ProviderTaskStatus Status) : IBusinessRule
{
    public string Code => "task_closed";

    public string Message => $"task {TaskId} is {Status.ToWords()}";

    public RuleKind Kind => RuleKind.Conflict;

    public bool IsBroken() => Status != ProviderTaskStatus.Open;
}
