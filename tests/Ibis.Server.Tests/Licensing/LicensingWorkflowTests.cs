using System.Net;
using System.Text.Json.Nodes;
using Ibis.Server.Auth;
using Ibis.Server.Tests.Infrastructure;
using Ibis.Server.Tests.Indicia;
using Ibis.Server.Tests.Psd;
using Ibis.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Ibis.Server.Tests.Licensing;

/// <summary>
/// Issue 6: the whole licensing path through the API — apply (3601-A) → transmit → refuse/approve →
/// revoke → appeal in time / too late → update → relicense (P050 2.1–2.5, §502.20(b)(c)(h)).
/// </summary>
public abstract class LicensingWorkflowTests(Func<ClockedApp> fixture)
{
    private ClockedApp F => fixture();

    private IbisApp App => F.App;

    private async Task<(Ibis.Server.Sandbox.SandboxCredentials Who, HttpClient Licensee, HttpClient Provider, HttpClient Official, HttpClient Manager)> Parties()
    {
        var who = await App.NewLicensee("Doe Mailing Co");
        var provider = await App.ProviderOf(who.LicenseeId);
        return (who, App.ClientFor(who.ApiKey), await App.As(Caller.ProviderRole, providerId: provider),
            await App.As(Caller.LicensingOfficialRole), await App.As(Caller.AppealsManagerRole));
    }

    [SkippableFact]
    public async Task Apply_Transmit_Refuse_AppealInTime_Granted_IssuesTheLicense_WithNotices()
    {
        var (who, licensee, provider, official, manager) = await Parties();
        var app = await licensee.PostJson("/v1/applications", LicensingClient.Form("20260")).Ok(HttpStatusCode.Created);
        Assert.Equal("submitted", (string)app["status"]!);
        Assert.Equal("new", (string)app["kind"]!);
        var id = (string)app["id"]!;

        // The Postal Service decides only what the provider transmitted (§502.20(b)).
        await official.PostJson($"/v1/applications/{id}/decision", new { decision = "approve" }).Problem(409, "application_not_transmitted");
        // Only the provider transmits; the licensee cannot.
        await licensee.PostJson($"/v1/applications/{id}/transmission", new { }).Problem(403, "forbidden");
        var sent = await provider.PostJson($"/v1/applications/{id}/transmission", new { }).Ok();
        Assert.Equal("transmitted", (string)sent["status"]!);
        Assert.Equal(1, (int)sent["transmission"]!["version"]!);
        var transmission = await App.WithDb(db => db.Transmissions.AsNoTracking().SingleAsync(t => t.Subject == id));
        Assert.Equal("license_application", transmission.Kind);
        Assert.DoesNotContain("jane.doe@mailer.example", System.Text.Encoding.UTF8.GetString(transmission.Body));

        // Decisions need the licensing official's duty.
        await provider.PostJson($"/v1/applications/{id}/decision", new { decision = "approve" }).Problem(403, "forbidden");
        await (await App.As(Caller.PostalRole)).PostJson($"/v1/applications/{id}/decision", new { decision = "approve" }).Problem(403, "forbidden");
        await official.PostJson($"/v1/applications/{id}/decision", new { decision = "refuse", reason = "because" }).Problem(400, "refusal_reason_invalid", "reason");
        var refused = await official.PostJson($"/v1/applications/{id}/decision", new { decision = "refuse", reason = "reason_to_believe_misuse" }).Ok();
        Assert.Equal("refused", (string)refused["status"]!);

        // Written notice to the applicant and notice to the provider (P050 2.2).
        var notices = (await licensee.GetAsync("/v1/notices").Ok())["data"]!.AsArray();
        Assert.Contains(notices, n => (string)n!["kind"]! == "license_refused" && ((string)n["text"]!).Contains("P050 2.4"));
        Assert.Contains((await provider.GetAsync("/v1/notices").Ok())["data"]!.AsArray(), n => (string)n!["kind"]! == "license_refused" && (string)n["subject_id"]! == id);

        // Appeal within 10 calendar days; the manager grants it and the license is issued.
        F.Clock.Advance(TimeSpan.FromDays(9));
        var appeal = await licensee.PostJson("/v1/appeals", new { decision_id = id, statement = "The device will be used only at our office." }).Ok(HttpStatusCode.Created);
        await licensee.PostJson("/v1/appeals", new { decision_id = id, statement = "again" }).Problem(409, "appeal_pending");
        await official.PostJson($"/v1/appeals/{appeal["id"]}/decision", new { outcome = "granted", reason = "x" }).Problem(403, "forbidden");
        var decided = await manager.PostJson($"/v1/appeals/{appeal["id"]}/decision", new { outcome = "granted", reason = "The concern was answered." }).Ok();
        Assert.Equal("granted", (string)decided["status"]!);
        var licenses = (await licensee.GetAsync("/v1/licenses").Ok())["data"]!.AsArray();
        Assert.Contains(licenses, l => (string)l!["post_office"]!["zip"]! == "20260" && (string)l["status"]! == "valid" && (string)l["application_id"]! == id);
        var kinds = (await licensee.GetAsync("/v1/notices").Ok())["data"]!.AsArray().Select(n => (string)n!["kind"]!).ToList();
        Assert.Contains("appeal_granted", kinds);
        Assert.Contains("license_issued", kinds);
    }

    [SkippableFact]
    public async Task Revoke_CreatesProviderTasks_AppealTooLate_IsRefused_ThenRelicense()
    {
        var (who, licensee, provider, official, manager) = await Parties();
        var id = (string)(await licensee.PostJson("/v1/applications", LicensingClient.Form("20260")).Ok(HttpStatusCode.Created))["id"]!;
        await provider.PostJson($"/v1/applications/{id}/transmission", new { }).Ok();
        var approved = await official.PostJson($"/v1/applications/{id}/decision", new { decision = "approve" }).Ok();
        var licenseId = (string)approved["license_id"]!;

        // The same post office again: one license per applicant and post office — the file is updated instead (P050 2.1).
        var again = await licensee.PostJson("/v1/applications", LicensingClient.Form("20260")).Ok(HttpStatusCode.Created);
        Assert.Equal("update", (string)again["kind"]!);
        await licensee.PostJson("/v1/applications", LicensingClient.Form("20260")).Problem(409, "application_duplicate", "post_office.zip");
        await provider.PostJson($"/v1/applications/{again["id"]}/transmission", new { }).Ok();
        await official.PostJson($"/v1/applications/{again["id"]}/decision", new { decision = "approve" }).Ok();
        Assert.Equal(2, (int)(await licensee.GetAsync($"/v1/licenses/{licenseId}").Ok())["revision"]!);

        // A lease (P050 2.5i) and a PSD under the new license.
        var account = await App.AccountOf(who.LicenseeId);
        var lease = await provider.PostJson("/v1/leases", new { licensee_id = who.LicenseeId, license_id = licenseId, signed_by = "Jane Doe", signed_on = "2026-11-20", resetting_account_id = account }).Ok(HttpStatusCode.Created);
        await App.WithDb(db => db.Devices.Where(d => d.Id == who.DeviceId).ExecuteUpdateAsync(s => s.SetProperty(d => d.LicenseId, licenseId)));

        await official.PostJson($"/v1/licenses/{licenseId}/revocation", new { reason = "g" }).Problem(400, "revocation_reason_invalid", "reason");
        var revoked = await official.PostJson($"/v1/licenses/{licenseId}/revocation", new { reason = "b", detail = "No reset or audit since August" }).Ok();
        Assert.Equal("revoked", (string)revoked["status"]!);
        // §502.20(h): cancel the lease, remove the PSD within 15 calendar days, check it out of service.
        var tasks = (await provider.GetAsync("/v1/provider-tasks").Ok())["data"]!.AsArray().Where(t => (string)t!["license_id"]! == licenseId).ToList();
        Assert.Equal(["cancel_lease", "check_out_psd", "remove_psd"], tasks.Select(t => (string)t!["kind"]!).Order().ToArray());
        var removal = tasks.Single(t => (string)t!["kind"]! == "remove_psd");
        Assert.Equal(F.Clock.GetUtcNow().AddDays(15).UtcDateTime.Date, DateTimeOffset.Parse((string)removal!["due_at"]!, System.Globalization.CultureInfo.InvariantCulture).UtcDateTime.Date);
        Assert.Contains((await licensee.GetAsync("/v1/notices").Ok())["data"]!.AsArray(), n => (string)n!["kind"]! == "license_revoked");
        Assert.Contains((await provider.GetAsync("/v1/notices").Ok())["data"]!.AsArray(), n => (string)n!["kind"]! == "license_revoked");

        // The revoked license can no longer be reset under (P050 2.3) nor leased again (§502.20(c)).
        await provider.PostJson("/v1/leases", new { licensee_id = who.LicenseeId, license_id = licenseId, signed_by = "Jane Doe", signed_on = "2026-11-20", resetting_account_id = account }).Problem(409, "license_not_valid", "license_id");

        // The provider checks the PSD out and completes its tasks; a check-out task is done only after the withdrawal.
        var checkOut = tasks.Single(t => (string)t!["kind"]! == "check_out_psd");
        await provider.PostJson($"/v1/provider-tasks/{checkOut!["id"]}/completion", new { }).Problem(409, "psd_not_checked_out");
        var withdrawal = await provider.PostJson($"/v1/devices/{who.DeviceId}/withdrawal", new { reason = "license_revoked" });
        Assert.True(withdrawal.IsSuccessStatusCode, await withdrawal.Content.ReadAsStringAsync());
        foreach (var t in tasks) await provider.PostJson($"/v1/provider-tasks/{t!["id"]}/completion", new { }).Ok();
        Assert.Equal("cancelled", (string)(await provider.GetAsync("/v1/leases").Ok())["data"]!.AsArray().Single(l => (string)l!["id"]! == (string)lease["id"]!)!["status"]!);

        // Eleven calendar days after receipt the appeal window is closed (P050 2.4).
        F.Clock.Advance(TimeSpan.FromDays(11));
        await licensee.PostJson("/v1/appeals", new { decision_id = licenseId, statement = "Late" }).Problem(422, "appeal_window_closed", "decision_id");
        Assert.Empty((await licensee.GetAsync("/v1/appeals").Ok())["data"]!.AsArray());
    }

    [SkippableFact]
    public async Task Update_WithANewPostOffice_RequiresCheckOut_ThenRelicenses()
    {
        var (who, licensee, provider, official, _) = await Parties();
        var id = (string)(await licensee.PostJson("/v1/applications", LicensingClient.Form("20260")).Ok(HttpStatusCode.Created))["id"]!;
        await provider.PostJson($"/v1/applications/{id}/transmission", new { }).Ok();
        var licenseId = (string)(await official.PostJson($"/v1/applications/{id}/decision", new { decision = "approve" }).Ok())["license_id"]!;
        await App.WithDb(db => db.Devices.Where(d => d.Id == who.DeviceId).ExecuteUpdateAsync(s => s.SetProperty(d => d.LicenseId, licenseId)));

        // P050 2.5d: a new phone number flows through the provider to a revised license.
        var form = LicensingClient.Form("20260");
        form["phone"] = "(202) 555-0199";
        var update = await licensee.PostJson($"/v1/licenses/{licenseId}/updates", form).Ok(HttpStatusCode.Created);
        Assert.Equal("update", (string)update["kind"]!);
        await provider.PostJson($"/v1/applications/{update["id"]}/transmission", new { }).Ok();
        await official.PostJson($"/v1/applications/{update["id"]}/decision", new { decision = "approve" }).Ok();
        Assert.Equal(2, (int)(await licensee.GetAsync($"/v1/licenses/{licenseId}").Ok())["revision"]!);
        Assert.Contains((await licensee.GetAsync("/v1/notices").Ok())["data"]!.AsArray(), n => (string)n!["kind"]! == "license_revised");

        // P050 2.5e: a new licensing post office — the PSD is checked out before the customer is relicensed.
        var move = await licensee.PostJson($"/v1/licenses/{licenseId}/updates", LicensingClient.Form("20500")).Ok(HttpStatusCode.Created);
        Assert.Equal("relicense", (string)move["kind"]!);
        Assert.Contains((await provider.GetAsync("/v1/provider-tasks").Ok())["data"]!.AsArray(), t => (string)t!["kind"]! == "check_out_psd" && (string)t["device_id"]! == who.DeviceId);
        await provider.PostJson($"/v1/applications/{move["id"]}/transmission", new { }).Ok();
        await official.PostJson($"/v1/applications/{move["id"]}/decision", new { decision = "approve" }).Problem(409, "psd_not_checked_out");
        var withdrawal = await provider.PostJson($"/v1/devices/{who.DeviceId}/withdrawal", new { reason = "relicensing" });
        Assert.True(withdrawal.IsSuccessStatusCode, await withdrawal.Content.ReadAsStringAsync());
        var relicensed = await official.PostJson($"/v1/applications/{move["id"]}/decision", new { decision = "approve" }).Ok();
        var old = await licensee.GetAsync($"/v1/licenses/{licenseId}").Ok();
        Assert.Equal("superseded", (string)old["status"]!);
        var fresh = await licensee.GetAsync($"/v1/licenses/{old["superseded_by"]}").Ok();
        Assert.Equal("20500", (string)fresh["post_office"]!["zip"]!);
        Assert.Equal("valid", (string)fresh["status"]!);
        Assert.Equal("approved", (string)relicensed["status"]!);
    }

    [SkippableFact]
    public async Task Reset_IsRefused_UnderACancelledLease_EvenAfterTheLicenseIsReinstated()
    {
        var (who, licensee, provider, official, manager) = await Parties();
        var licenseId = await App.WithDb(db => db.Licenses.Where(l => l.LicenseeId == who.LicenseeId).Select(l => l.Id).SingleAsync());
        // The licensee was onboarded with a lease naming its device (P050 3.1).
        Assert.Equal(HttpStatusCode.Created, (await provider.Reset(who.DeviceId, "10.000")).StatusCode);

        await official.PostJson($"/v1/licenses/{licenseId}/revocation", new { reason = "e" }).Ok();
        await BadInputTests.AssertProblem(await provider.Reset(who.DeviceId, "10.000"), 403, "license_revoked", null, "revoked");
        var cancel = (await provider.GetAsync("/v1/provider-tasks").Ok())["data"]!.AsArray().Single(t => (string)t!["license_id"]! == licenseId && (string)t["kind"]! == "cancel_lease")!;
        await provider.PostJson($"/v1/provider-tasks/{cancel["id"]}/completion", new { }).Ok();
        var appeal = await licensee.PostJson("/v1/appeals", new { decision_id = licenseId, statement = "Mail was deposited at the licensing post office." }).Ok(HttpStatusCode.Created);
        await manager.PostJson($"/v1/appeals/{appeal["id"]}/decision", new { outcome = "granted", reason = "Receipts show the licensing post office." }).Ok();
        Assert.Equal("valid", (string)(await licensee.GetAsync($"/v1/licenses/{licenseId}").Ok())["status"]!);

        // §502.20(c), P050 2.5i: no resetting without a lease in force; the provider signs a new one first.
        await BadInputTests.AssertProblem(await provider.Reset(who.DeviceId, "10.000"), 422, "lease_cancelled", null, "lease cancelled");
        await provider.PostJson("/v1/leases", new { licensee_id = who.LicenseeId, license_id = licenseId, signed_by = "Jane Doe", signed_on = "2026-11-21", resetting_account_id = await App.AccountOf(who.LicenseeId), device_ids = new[] { who.DeviceId } }).Ok(HttpStatusCode.Created);
        Assert.Equal(HttpStatusCode.Created, (await provider.Reset(who.DeviceId, "10.000")).StatusCode);
    }

    public static TheoryData<string, string, int, string, string> BadApplications => new()
    {
        { "no post office", "post_office", 422, "post_office_required", "post_office" },
        { "no post office zip", "post_office.zip", 422, "field_required", "post_office.zip" },
        { "no applicant", "applicant_name", 422, "field_required", "applicant_name" },
        { "bad zip", "post_office.zip=2026", 400, "zip_invalid", "post_office.zip" },
        { "bad state", "post_office.state=XX", 400, "state_invalid", "post_office.state" },
        { "bad phone", "phone=555-01", 400, "phone_invalid", "phone" },
        { "bad e-mail", "email=jane@", 400, "email_invalid", "email" },
        { "bad DUNS", "duns=12345", 400, "duns_invalid", "duns" },
    };

    [SkippableTheory]
    [MemberData(nameof(BadApplications))]
    public async Task BadApplication_IsRefused_NamingFieldAndRule_AndChangesNothing(string name, string change, int status, string code, string field)
    {
        var (who, licensee, _, _, _) = await Parties();
        var form = LicensingClient.Form();
        var (path, value) = change.Contains('=') ? (change[..change.IndexOf('=')], change[(change.IndexOf('=') + 1)..]) : (change, (string?)null);
        if (path.Contains('.'))
        {
            var parts = path.Split('.');
            var inner = (Dictionary<string, string?>)form[parts[0]]!;
            inner[parts[1]] = value;
        }
        else form[path] = value;
        await licensee.PostJson("/v1/applications", form).Problem(status, code, field);
        Assert.Equal(0, await App.WithDb(db => db.LicenseApplications.CountAsync(a => a.LicenseeId == who.LicenseeId)));
        Assert.Equal(0, await App.WithDb(db => db.CustomerRecords.CountAsync(a => a.LicenseeId == who.LicenseeId)));
        _ = name;
    }

    [SkippableFact]
    public async Task Lease_RefusesWithoutSignatureOrFinancialAgreement()
    {
        var (who, _, provider, _, _) = await Parties();
        var licenseId = await App.WithDb(db => db.Licenses.Where(l => l.LicenseeId == who.LicenseeId).Select(l => l.Id).FirstAsync());
        var account = await App.AccountOf(who.LicenseeId);
        await provider.PostJson("/v1/leases", new { licensee_id = who.LicenseeId, license_id = licenseId, signed_on = "2026-11-20", resetting_account_id = account }).Problem(400, "lease_not_signed", "signed_by");
        await provider.PostJson("/v1/leases", new { licensee_id = who.LicenseeId, license_id = licenseId, signed_by = "J", signed_on = "2026-11-20" }).Problem(400, "financial_agreement_required", "resetting_account_id");
        // Only the lease the licensee was onboarded with.
        Assert.Equal(1, await App.WithDb(db => db.Leases.CountAsync(l => l.LicenseeId == who.LicenseeId)));
    }
}

[Collection("sqlite")]
public sealed class SqliteLicensingWorkflowTests(SqliteClockedApp f) : LicensingWorkflowTests(() => f), IClassFixture<SqliteClockedApp>;

[Collection("postgres")]
public sealed class PostgresLicensingWorkflowTests(PostgresClockedApp f) : LicensingWorkflowTests(() => f), IClassFixture<PostgresClockedApp>;
