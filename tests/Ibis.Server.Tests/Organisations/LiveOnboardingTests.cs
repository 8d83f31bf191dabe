using System.Net;
using System.Text.Json.Nodes;
using Ibis.Server.Installation;
using Ibis.Server.Tests.Infrastructure;
using Ibis.Server.Tests.Licensing;
using Ibis.Server.Tests.Psd;
using Ibis.Server.Tests.Funds;
using Ibis.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Ibis.Server.Tests.Organisations;

/// <summary>
/// Issue 11 "done when": a live installation (no sandbox) bootstrapped by admin init, the Postal
/// Service authorizes a provider, the provider onboards a licensee (3601-A → license → account →
/// lease), commissions a PSD, a deposit is confirmed, the device is reset and prints, and the
/// indicium verifies as live — using only the API, no sandbox code.
/// </summary>
public abstract class LiveOnboardingTests(DatabaseKind kind, bool pkcs11 = false) : IDisposable
{
    // A live installation: no sandbox, and a payment gateway that is not the sandbox's (deposits wait
    // for confirmation); with pkcs11 every key (the CA's, the devices') lives on a SoftHSM2 token.
    private readonly Lazy<IbisApp> _app = new(() => new IbisApp(kind, settings: Settings(pkcs11)));

    private static Dictionary<string, string> Settings(bool pkcs11)
    {
        var settings = new Dictionary<string, string> { ["Ibis:Sandbox"] = "false", ["Ibis:Payments:Gateway"] = "manual" };
        if (pkcs11)
            foreach (var (key, value) in SoftHsmToken.ServerSettings()) settings[key] = value;
        return settings;
    }

    private IbisApp App => _app.Value;

    public void Dispose()
    {
        if (_app.IsValueCreated) _app.Value.Dispose();
        GC.SuppressFinalize(this);
    }

    private async Task<InitializedInstallation> Init(string email = "admin@usps.example")
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<InitializeInstallation>().Handle(new InitializeInstallationCommand(email, false), default);
    }

    /// <summary>Accepts an invitation, signs in and creates an API key, as a new user does.</summary>
    private Task<(HttpClient Session, HttpClient Key, string KeyText)> Join(JsonNode invitationOrCode) =>
        NewUser.Join(App, invitationOrCode is JsonValue ? (string)invitationOrCode! : (string)invitationOrCode["code"]!);

    [SkippableFact]
    public async Task AFreshLiveInstallation_OnboardsAMailer_AndPrintsLivePostage_WithoutTheSandbox()
    {
        Assert.False(File.Exists(Path.Combine(App.DataDirectory, "sandbox-credentials.json")));
        Assert.Equal(0, await App.WithDb(db => db.Providers.CountAsync()));

        var init = await Init();
        Assert.StartsWith("ibis_inv_", init.AdministratorInvitation.Code);
        // A second init changes nothing.
        var again = await Assert.ThrowsAsync<Domain.BusinessRuleViolationException>(() => Init("other@usps.example"));
        Assert.Equal("installation_already_initialized", again.Code);

        // The invitation: a short password is refused and spends nothing; then it opens one account, once.
        await App.CreateClient().PostJson("/v1/invitations/acceptance", new { code = init.AdministratorInvitation.Code, password = "short" }).Problem(400, "password_too_short", "password");
        var (admin, postal, _) = await Join(JsonValue.Create(init.AdministratorInvitation.Code)!);
        await App.CreateClient().PostJson("/v1/invitations/acceptance", new { code = init.AdministratorInvitation.Code, password = "another long password" }).Problem(409, "invitation_used", "code");
        Assert.StartsWith("ibis_live_", (string)(await admin.GetAsync("/v1/api-keys").Ok())["data"]![0]!["prefix"]!);

        // Only the Postal Service loads price lists, and live postage is never priced from a sample list (P050 1.5).
        var prices = Rates.PriceLists.Edited("usps-live-test", DateOnly.FromDateTime(DateTime.UtcNow), "0.740");
        var loaded = await postal.PostAsync("/v1/rate-tables", new StringContent(prices, System.Text.Encoding.UTF8, "application/json"));
        Assert.True(loaded.IsSuccessStatusCode, await loaded.Content.ReadAsStringAsync());

        // The Postal Service's licensing official, invited by the administrator.
        var officialInvite = await admin.PostJson("/v1/invitations", new { email = "official@usps.example", role = "licensing_official" }).Ok(HttpStatusCode.Created);
        await admin.PostJson("/v1/invitations", new { email = "x@usps.example", role = "licensee" }).Problem(403, "role_not_grantable", "role");
        var (_, official, _) = await Join(officialInvite);

        // §502.2: the Postal Service authorizes the provider in writing; its administrator joins.
        var authorized = await postal.PostJson("/v1/providers", new { name = "Acme Postage Inc", authorized_on = "2026-12-01", administrator_email = "ops@acme.example" }).Ok(HttpStatusCode.Created);
        Assert.Equal("authorized", (string)authorized["provider"]!["status"]!);
        var (_, provider, _) = await Join(authorized["administrator_invitation"]!);

        // The provider's new customer, whose administrator joins.
        var onboarded = await provider.PostJson("/v1/licensees", new { name = "Main Street Bakery", administrator_email = "owner@bakery.example" }).Ok(HttpStatusCode.Created);
        var licenseeId = (string)onboarded["licensee"]!["id"]!;
        var (_, licensee, _) = await Join(onboarded["administrator_invitation"]!);

        // Form 3601-A → transmission → license (P050 2.1).
        var application = await licensee.PostJson("/v1/applications", LicensingClient.Form("20260")).Ok(HttpStatusCode.Created);
        await provider.PostJson($"/v1/applications/{application["id"]}/transmission", new { }).Ok();
        var decided = await official.PostJson($"/v1/applications/{application["id"]}/decision", new { decision = "approve" }).Ok();
        var licenseId = (string)decided["license_id"]!;

        // Deposit account with the Acknowledgement of Deposit Requirement (§502.25(c)), then the lease.
        var account = (string)(await provider.PostJson("/v1/accounts", new { licensee_id = licenseeId, deposit_requirement_acknowledged = true }).Ok(HttpStatusCode.Created))["id"]!;
        var lease = (string)(await provider.PostJson("/v1/leases", new { licensee_id = licenseeId, license_id = licenseId, signed_by = "Pat Baker", signed_on = "2026-12-05", resetting_account_id = account }).Ok(HttpStatusCode.Created))["id"]!;

        // A device: inventory → inspection (§502.18) → commissioning under the lease (P050 3.1).
        var device = (string)(await provider.PostJson("/v1/devices", new { }).Ok(HttpStatusCode.Created))["id"]!;
        await provider.PostJson($"/v1/devices/{device}/commissioning", new { lease_id = lease }).Problem(409, "device_not_inspected");
        await provider.PostJson($"/v1/devices/{device}/inspection", new { passed = true }).Ok();
        await provider.PostJson($"/v1/devices/{device}/commissioning", new { lease_id = "lse_nope" }).Problem(404, "lease_not_found", "lease_id");
        var commissioned = await provider.PostJson($"/v1/devices/{device}/commissioning", new { lease_id = lease }).Ok();
        Assert.Equal("in_service", (string)commissioned["status"]!);
        Assert.Equal("live", (string)commissioned["mode"]!);
        Assert.Equal("0.000", commissioned.Amount("descending_register"));
        await provider.PostJson($"/v1/devices/{device}/commissioning", new { lease_id = lease }).Problem(409, "device_not_in_inventory");
        var history = await provider.GetAsync($"/v1/devices/{device}/history").Ok();
        Assert.Equal(["added_to_inventory", "inspection_passed", "commissioned"], history["data"]!.AsArray().Select(e => (string)e!["kind"]!).ToArray());

        // Money: a check deposit, confirmed, then a reset and a print.
        var deposit = await licensee.Deposit(account, "200.000", method: "check");
        Assert.Equal(HttpStatusCode.Created, deposit.StatusCode);
        var depositBody = await deposit.Body();
        if ((string)depositBody["status"]! == "pending")
            await provider.PostJson($"/v1/deposits/{depositBody["id"]}/confirmation", new { succeeded = true }).Ok(HttpStatusCode.Created);
        Assert.Equal(HttpStatusCode.Created, (await provider.Reset(device, "50.000")).StatusCode);
        var printed = await licensee.Print(device).Ok(HttpStatusCode.Created);
        Assert.Equal("live", (string)printed["mode"]!);
        var verdict = await App.CreateClient().PostJson("/v1/verifications", new { barcode_data = (string)printed["barcode_data"]! }).Ok();
        Assert.True((bool)verdict["valid"]!);
        Assert.Equal("live", (string)verdict["mode"]!);

        // §502.5: a suspended provider moves no postage or money; reinstated, it does again.
        var providerId = (string)authorized["provider"]!["id"]!;
        await postal.PostJson($"/v1/providers/{providerId}/status", new { status = "suspended" }).Problem(400, "reason_required", "reason");
        await postal.PostJson($"/v1/providers/{providerId}/status", new { status = "suspended", reason = "facilities not available for inspection" }).Ok();
        await licensee.Print(device).Problem(403, "provider_not_authorized");
        await provider.Reset(device, "1.000").Problem(403, "provider_not_authorized");
        await postal.PostJson($"/v1/providers/{providerId}/status", new { status = "authorized" }).Ok();
        await licensee.Print(device).Ok(HttpStatusCode.Created);
        var ownership = await postal.PostJson($"/v1/providers/{providerId}/ownership-changes", new { acquirer = "Beta Holdings LLC", evidence = "audited statements 2026" }).Ok();
        Assert.Equal(["authorized", "suspended", "reinstated", "ownership_change"], ownership["history"]!.AsArray().Select(e => (string)e!["kind"]!).ToArray());
        await provider.PostJson($"/v1/providers/{providerId}/status", new { status = "revoked", reason = "x" }).Problem(403, "forbidden");

        // Notice 820.100 rule 3: ending the customer relationship ends every login and key of the licensee.
        var record = await App.WithDb(db => db.CustomerRecords.Where(r => r.LicenseeId == licenseeId).Select(r => r.Id).SingleAsync());
        await provider.PostJson($"/v1/customers/{record}/relationship-end", new { }).Ok();
        Assert.Equal(HttpStatusCode.Unauthorized, (await licensee.GetAsync("/v1/devices")).StatusCode);
        await App.CreateClient().PostJson("/v1/sessions", new { email = "owner@bakery.example", password = "correct horse battery" }).Problem(401, "sign_in_failed");
    }

    [SkippableFact]
    public async Task RevokedKeys_AndRemovedUsers_AreRefusedOnTheirNextRequest()
    {
        var init = await Init();
        var (admin, postal, _) = await Join(JsonValue.Create(init.AdministratorInvitation.Code)!);
        var invite = await admin.PostJson("/v1/invitations", new { email = "auditor@usps.example", role = "auditor", administrator = true }).Ok(HttpStatusCode.Created);
        var (auditorSession, auditorKey, _) = await Join(invite);
        await auditorKey.GetAsync("/v1/providers").Ok();

        // Rotation: the new key works, the old one is refused at once.
        var keys = await admin.GetAsync("/v1/api-keys").Ok();
        var mine = (string)keys["data"]!.AsArray().First(k => (string)k!["role"]! == "postal")!["id"]!;
        var rotated = await admin.PostJson($"/v1/api-keys/{mine}/rotation", new { }).Ok(HttpStatusCode.Created);
        Assert.Equal(HttpStatusCode.Unauthorized, (await postal.GetAsync("/v1/providers")).StatusCode);
        await App.ClientFor((string)rotated["key"]!).GetAsync("/v1/providers").Ok();
        Assert.DoesNotContain((await admin.GetAsync("/v1/api-keys").Ok()).ToJsonString(), (string)rotated["key"]!);

        // Removing the user ends its session and revokes the keys it created.
        var users = await admin.GetAsync("/v1/users").Ok();
        var auditorId = (string)users["data"]!.AsArray().Single(u => (string)u!["email"]! == "auditor@usps.example")!["id"]!;
        await admin.DeleteAsync($"/v1/users/{auditorId}").Ok();
        Assert.Equal(HttpStatusCode.Unauthorized, (await auditorKey.GetAsync("/v1/providers")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await auditorSession.GetAsync("/v1/providers")).StatusCode);
        await App.CreateClient().PostJson("/v1/sessions", new { email = "auditor@usps.example", password = "correct horse battery" }).Problem(401, "sign_in_failed");

        // An expired invitation opens nothing.
        var late = await admin.PostJson("/v1/invitations", new { email = "late@usps.example", role = "inspector" }).Ok(HttpStatusCode.Created);
        await App.WithDb(db => db.Invitations.Where(i => i.Email == "late@usps.example").ExecuteUpdateAsync(s => s.SetProperty(i => i.ExpiresAt, DateTimeOffset.UtcNow.AddMinutes(-1))));
        await App.CreateClient().PostJson("/v1/invitations/acceptance", new { code = (string)late["code"]!, password = "correct horse battery" }).Problem(409, "invitation_expired", "code");
        await App.CreateClient().PostJson("/v1/invitations/acceptance", new { code = "ibis_inv_nope", password = "correct horse battery" }).Problem(404, "invitation_invalid", "code");
    }
}

/// <summary>A new user as a person becomes one: accepts the invitation, signs in, creates an API key.</summary>
internal static class NewUser
{
    public const string Password = "correct horse battery";

    public static async Task<(HttpClient Session, HttpClient Key, string KeyText)> Join(IbisApp app, string code)
    {
        var user = await app.CreateClient().PostJson("/v1/invitations/acceptance", new { code, password = Password }).Ok(HttpStatusCode.Created);
        var session = app.CreateClient();
        // Live Postal Service and provider users enrol a second factor at their first sign-in.
        Assert.Equal(HttpStatusCode.OK, (await SecondFactor.SignIn(session, (string)user["email"]!, Password)).StatusCode);
        var key = await session.PostJson("/v1/api-keys", new { name = "automation" }).Ok(HttpStatusCode.Created);
        return (session, app.ClientFor((string)key["key"]!), (string)key["key"]!);
    }
}

/// <summary>Issue 11 item 12: one installation holding the sandbox tenant and live organisations; neither sees the other.</summary>
public abstract class SandboxIsolationTests(DatabaseKind kind) : IDisposable
{
    private readonly Lazy<IbisApp> _app = new(() => new IbisApp(kind));

    private IbisApp App => _app.Value;

    public void Dispose()
    {
        if (_app.IsValueCreated) _app.Value.Dispose();
        GC.SuppressFinalize(this);
    }

    private static async Task<HttpClient> Join(IbisApp app, string code) => (await NewUser.Join(app, code)).Key;

    [SkippableFact]
    public async Task SandboxCredentials_ReachSandboxRecordsOnly_AndLiveOnesLiveRecordsOnly()
    {
        var sandbox = App.Sandbox;
        var duties = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(App.DataDirectory, "sandbox-credentials.json")))!["duty_api_keys"]!;
        var sandboxOfficial = App.ClientFor((string)duties["licensing_official"]!);
        InitializedInstallation init;
        await using (var scope = App.Services.CreateAsyncScope())
            init = await scope.ServiceProvider.GetRequiredService<InitializeInstallation>().Handle(new InitializeInstallationCommand("admin@usps.example", false), default);
        var postal = await Join(App, init.AdministratorInvitation.Code);
        var authorized = await postal.PostJson("/v1/providers", new { name = "Live Provider", authorized_on = "2026-12-01", administrator_email = "ops@live.example" }).Ok(HttpStatusCode.Created);
        var provider = await Join(App, (string)authorized["administrator_invitation"]!["code"]!);
        var onboarded = await provider.PostJson("/v1/licensees", new { name = "Live Mailer", administrator_email = "owner@live.example" }).Ok(HttpStatusCode.Created);
        var licensee = await Join(App, (string)onboarded["administrator_invitation"]!["code"]!);
        var application = (string)(await licensee.PostJson("/v1/applications", LicensingClient.Form("20260")).Ok(HttpStatusCode.Created))["id"]!;
        await provider.PostJson($"/v1/applications/{application}/transmission", new { }).Ok();
        var device = (string)(await provider.PostJson("/v1/devices", new { }).Ok(HttpStatusCode.Created))["id"]!;

        // The sandbox's officials and Postal Service see nothing live, and cannot act on it.
        var sandboxApplications = (await sandboxOfficial.GetAsync("/v1/applications").Ok()).ToJsonString();
        Assert.DoesNotContain(application, sandboxApplications);
        await sandboxOfficial.PostJson($"/v1/applications/{application}/decision", new { decision = "approve" }).Problem(404, "application_not_found");
        var sandboxProviders = await App.Postal().GetAsync("/v1/providers").Ok();
        Assert.All(sandboxProviders["data"]!.AsArray(), p => Assert.Equal("test", (string)p!["mode"]!));
        await App.Postal().PostJson($"/v1/providers/{authorized["provider"]!["id"]}/status", new { status = "suspended", reason = "x" }).Problem(404, "provider_not_found");
        Assert.Equal(HttpStatusCode.NotFound, (await App.Provider().GetAsync($"/v1/devices/{device}")).StatusCode);

        // Live credentials see nothing of the sandbox.
        Assert.DoesNotContain(sandbox.DeviceId, (await licensee.GetAsync("/v1/devices").Ok()).ToJsonString());
        Assert.NotEqual(HttpStatusCode.OK, (await licensee.GetAsync($"/v1/devices/{sandbox.DeviceId}")).StatusCode);
        var liveProviders = await postal.GetAsync("/v1/providers").Ok();
        Assert.All(liveProviders["data"]!.AsArray(), p => Assert.Equal("live", (string)p!["mode"]!));
        var sandboxLicense = await App.WithDb(db => db.Licenses.Where(l => db.Licensees.Any(c => c.Id == l.LicenseeId && c.Sandbox)).Select(l => l.Id).FirstAsync());
        Assert.DoesNotContain(sandboxLicense, (await postal.GetAsync("/v1/licenses").Ok()).ToJsonString());
    }
}

[Collection("sqlite")]
public sealed class SqliteSandboxIsolationTests() : SandboxIsolationTests(DatabaseKind.Sqlite);

[Collection("postgres")]
public sealed class PostgresSandboxIsolationTests() : SandboxIsolationTests(DatabaseKind.Postgres);

[Collection("sqlite")]
public sealed class SqliteLiveOnboardingTests() : LiveOnboardingTests(DatabaseKind.Sqlite);

[Collection("postgres")]
public sealed class PostgresLiveOnboardingTests() : LiveOnboardingTests(DatabaseKind.Postgres);

/// <summary>The same live story with the PKCS#11 key store (SoftHSM2): the CA and device keys are generated on the token.</summary>
[Collection("sqlite")]
public sealed class Pkcs11LiveOnboardingTests() : LiveOnboardingTests(DatabaseKind.Sqlite, pkcs11: true);
