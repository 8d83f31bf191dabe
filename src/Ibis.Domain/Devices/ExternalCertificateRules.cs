namespace Ibis.Domain.Devices;

/// <summary>
/// P050 3.1: the device is "initialized and authorized" before it is issued — here, its key certified
/// by the Postal Service's CA. When that CA is external, the installation must have its certificate
/// (the trust anchor every imported device certificate is checked against).
/// </summary>
public sealed record ExternalAuthorityMustBeKnownRule(bool Known) : IBusinessRule
{
    public string Code => "certificate_authority_unknown";

    public string Message => "the Postal Service CA's certificate has not been imported yet (ibis certificates import --authority FILE)";

    public RuleKind Kind => RuleKind.Conflict;

    public bool IsBroken() => !Known;
}

/// <summary>Only an installation initialized for an external CA takes one, and only one.</summary>
public sealed record ExternalAuthorityMayBeImportedRule(bool InstallationUsesExternalCa, bool AlreadyImported) : IBusinessRule
{
    public string Code => AlreadyImported ? "certificate_authority_already_imported" : "certificate_authority_internal";

    public string Message => AlreadyImported
        ? "the Postal Service CA's certificate is already imported"
        : "this installation has its own Postal Service CA (ibis admin init without --external-ca); it does not take an external one";

    public RuleKind Kind => RuleKind.Conflict;

    public bool IsBroken() => !InstallationUsesExternalCa || AlreadyImported;
}

/// <summary>A device commissioned under an external CA needs its certificate back first.</summary>
public sealed record DeviceCertificateMustBeImportedRule(string DeviceId, bool Imported) : IBusinessRule
{
    public string Code => "device_certificate_missing";

    public string Message => $"device {DeviceId} has no certificate from the Postal Service CA yet: request one (POST /v1/devices/{DeviceId}/certificate-request), have it signed, import it (POST /v1/devices/{DeviceId}/certificate)";

    public RuleKind Kind => RuleKind.Conflict;

    public bool IsBroken() => !Imported;
}

/// <summary>
/// A certificate brought back for a device is accepted only for the key the device's request named,
/// from the trusted Postal Service CA, current, end-entity, with a serial an indicium can carry
/// (<paramref name="Problem"/> is null when it is).
/// </summary>
public sealed record ImportedCertificateMustBeAcceptableRule(string? Problem, string Reason) : IBusinessRule
{
    public string Code => Problem switch
    {
        "key_mismatch" => "certificate_key_mismatch",
        "issuer_unknown" => "certificate_issuer_unknown",
        "not_current" => "certificate_not_current",
        "not_an_end_entity" => "certificate_not_end_entity",
        "serial_unsupported" => "certificate_serial_unsupported",
        _ => "certificate_unreadable",
    };

    public string Message => Reason;

    public string Field => "certificate";

    public RuleKind Kind => RuleKind.BadInput;

    public bool IsBroken() => Problem is not null;
}
