using Ibis.Domain.Devices;
using Ibis.Domain.Licensing;
using Ibis.Domain.Money;
using Ibis.Domain.Organisations;
using Ibis.Domain.Psd;
using Xunit;

namespace Ibis.Domain.Tests.Organisations;

/// <summary>The rules of live operation: providers (§502.2–502.5), credentials, commissioning (P050 3.1, §502.18), the licensee cap (P050 3.6).</summary>
public sealed class LiveOperationRuleTests
{
    private static readonly DateTimeOffset Issued = new(2026, 12, 5, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(ProviderStatus.Authorized, false)]
    [InlineData(ProviderStatus.Suspended, true)]
    [InlineData(ProviderStatus.Revoked, true)]
    [InlineData(null, true)]
    public void OnlyAnAuthorizedProvider_MovesPostageOrMoney_502_5(ProviderStatus? status, bool broken)
    {
        var rule = new ProviderMustBeAuthorizedRule("prv_a", status);
        Assert.Equal(broken, rule.IsBroken());
        Assert.Equal("provider_not_authorized", rule.Code);
        Assert.Equal(RuleKind.Forbidden, rule.Kind);
        Assert.Contains($"is {status?.ToText() ?? "unknown"}:", rule.Message);
    }

    [Theory]
    [InlineData(ProviderStatus.Authorized, ProviderStatus.Suspended, false)]
    [InlineData(ProviderStatus.Authorized, ProviderStatus.Revoked, false)]
    [InlineData(ProviderStatus.Suspended, ProviderStatus.Authorized, false)]
    [InlineData(ProviderStatus.Suspended, ProviderStatus.Revoked, false)]
    [InlineData(ProviderStatus.Authorized, ProviderStatus.Authorized, true)]
    [InlineData(ProviderStatus.Revoked, ProviderStatus.Authorized, true)]
    [InlineData(ProviderStatus.Revoked, ProviderStatus.Suspended, true)]
    public void ARevocationIsFinal_ASuspensionIsNot_502_5(ProviderStatus from, ProviderStatus to, bool broken) =>
        Assert.Equal(broken, new ProviderStatusChangeMustBeAllowedRule(from, to).IsBroken());

    [Theory]
    [InlineData("authorized", true)]
    [InlineData("suspended", true)]
    [InlineData("revoked", true)]
    [InlineData("Authorized", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void ProviderStatuses_ParseOnlyTheirOwnNames(string? text, bool ok)
    {
        var parsed = ProviderStatuses.Parse(text);
        Assert.Equal(ok, parsed.Success);
        if (ok) Assert.Equal(text, parsed.Value.ToText());
    }

    [Fact]
    public void AnInvitation_IsOpenFor72Hours_AndUsedOnce()
    {
        var expires = Issued + InvitationPolicy.Lifetime;
        Assert.Equal(TimeSpan.FromHours(72), InvitationPolicy.Lifetime);
        Assert.False(new InvitationMustBeOpenRule(expires, null, null, expires.AddTicks(-1)).IsBroken());
        var late = new InvitationMustBeOpenRule(expires, null, null, expires);
        Assert.True(late.IsBroken());
        Assert.Equal("invitation_expired", late.Code);
        var used = new InvitationMustBeOpenRule(expires, Issued, null, Issued);
        Assert.True(used.IsBroken());
        Assert.Equal("invitation_used", used.Code);
        Assert.Equal("invitation_revoked", new InvitationMustBeOpenRule(expires, null, Issued, Issued).Code);
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("", true)]
    [InlineData("elevenchars", true)]
    [InlineData("twelve chars", false)]
    [InlineData("a much longer pass phrase", false)]
    public void Passwords_AreAtLeast12Characters(string? password, bool broken)
    {
        var rule = new PasswordMustBeLongEnoughRule(password);
        Assert.Equal(broken, rule.IsBroken());
        Assert.Equal("password", rule.Field);
    }

    [Theory]
    [InlineData(OrganisationKind.PostalService, "licensing_official", false)]
    [InlineData(OrganisationKind.PostalService, "privacy_officer", false)]
    [InlineData(OrganisationKind.PostalService, "refund_coordinator", false)]
    [InlineData(OrganisationKind.PostalService, "provider", true)]
    [InlineData(OrganisationKind.PostalService, "licensee", true)]
    [InlineData(OrganisationKind.Provider, "provider", false)]
    [InlineData(OrganisationKind.Provider, "postal", true)]
    [InlineData(OrganisationKind.Licensee, "licensee", false)]
    [InlineData(OrganisationKind.Licensee, "provider", true)]
    [InlineData(OrganisationKind.Licensee, "administrator", true)]
    public void AnOrganisation_GrantsOnlyItsOwnRoles(OrganisationKind kind, string role, bool broken) =>
        Assert.Equal(broken, new RoleMustBeGrantableRule(kind, role).IsBroken());

    [Fact]
    public void InstallationInit_RunsOnce() =>
        Assert.Equal((false, true), (new InstallationMustNotBeInitializedRule(null).IsBroken(), new InstallationMustNotBeInitializedRule(Issued).IsBroken()));

    [Theory]
    [InlineData(true, true, false)]
    [InlineData(false, false, false)]
    [InlineData(true, false, true)]
    [InlineData(false, true, true)]
    public void SandboxAndLive_NeverMix(bool caller, bool record, bool broken) =>
        Assert.Equal(broken, new ModeMustMatchRule(caller, record, "x").IsBroken());

    [Theory]
    [InlineData(DeviceStatus.Inventory, false)]
    [InlineData(DeviceStatus.InService, true)]
    [InlineData(DeviceStatus.Withdrawn, true)]
    public void OnlyADeviceInInventory_IsInspectedOrCommissioned_502_19(DeviceStatus status, bool broken) =>
        Assert.Equal(broken, new DeviceMustBeInInventoryRule("psd_a", status).IsBroken());

    [Fact]
    public void ADeviceStatus_IsNamedInTheMessage_InWords_Issue18() =>
        Assert.StartsWith("device psd_a is in service; only a device in the provider's inventory",
            new DeviceMustBeInInventoryRule("psd_a", DeviceStatus.InService).Message, StringComparison.Ordinal);

    [Fact]
    public void ADevice_IsCommissionedOnlyAfterItsInspection_502_18() =>
        Assert.Equal((true, false), (new DeviceMustBeInspectedRule("psd_a", null).IsBroken(), new DeviceMustBeInspectedRule("psd_a", Issued).IsBroken()));

    [Theory]
    [InlineData(LeaseStatus.Active, "prv_a", false, null)]
    [InlineData(LeaseStatus.Cancelled, "prv_a", true, "lease_cancelled")]
    [InlineData(LeaseStatus.Active, "prv_b", true, "lease_provider_mismatch")]
    public void Commissioning_NeedsAnActiveLeaseOfTheSameProvider_P050_3_1(LeaseStatus status, string leaseProvider, bool broken, string? code)
    {
        var rule = new CommissioningRequiresActiveLeaseRule("lse_a", status, leaseProvider, "prv_a");
        Assert.Equal(broken, rule.IsBroken());
        if (code is not null) Assert.Equal(code, rule.Code);
        if (code == "lease_cancelled") Assert.Contains("lease lse_a is cancelled;", rule.Message);
    }

    [Theory]
    [InlineData(null, null, true, "lease_required")]
    [InlineData("lse_a", LeaseStatus.Cancelled, true, "lease_cancelled")]
    [InlineData("lse_a", null, true, "lease_cancelled")]
    [InlineData("lse_a", LeaseStatus.Active, false, null)]
    public void ADevice_PrintsAndResets_OnlyUnderTheActiveLeaseNamingIt_P050_2_5i(string? lease, LeaseStatus? status, bool broken, string? code)
    {
        var rule = new DeviceMustBeUnderActiveLeaseRule("psd_a", lease, status);
        Assert.Equal(broken, rule.IsBroken());
        if (code is not null) Assert.Equal(code, rule.Code);
    }

    [Theory]
    [InlineData(0, 0, 500_000, false)]
    [InlineData(0, 0, 500_001, true)]
    [InlineData(200_000, 100_000, 200_000, false)]
    [InlineData(200_000, 100_000, 200_001, true)]
    [InlineData(500_000, 0, 1, true)]
    [InlineData(600_000, 0, 0, true)]
    [InlineData(0, 0, long.MaxValue, true)]
    public void ALicenseesDevicesTogether_StayWithinItsCap_P050_3_6(long others, long self, long increment, bool broken)
    {
        var rule = new LicenseeDescendingRegisterCapRule("cus_a", Mills.FromMills(others), Mills.FromMills(self), Mills.FromMills(increment), Mills.FromMills(500_000));
        Assert.Equal(broken, rule.IsBroken());
        Assert.Equal("licensee_cap_exceeded", rule.Code);
        Assert.Equal("amount", rule.Field);
    }
}
