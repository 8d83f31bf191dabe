namespace Ibis.Domain.Indicia;

/// <summary>
/// Printing postage is the licensee's act: P050 1.3 lets the holder of a license and a lease use the
/// IBI system, and every piece spends the licensee's descending register. The provider leases,
/// resets and audits the device (§502.20, §502.25(a)) but never prints on it; Ibis has no delegation
/// by which a licensee could hand its printing to the provider (docs/security.md "Who may spend").
/// </summary>
public sealed record OnlyTheLicenseePrintsRule(bool CallerIsTheLicensee) : IBusinessRule
{
    public string Code => "printing_is_the_licensees";

    public string Message => "only the licensee prints postage on its device; a provider key may not print (P050 1.3)";

    public RuleKind Kind => RuleKind.Forbidden;

    public bool IsBroken() => !CallerIsTheLicensee;
}
