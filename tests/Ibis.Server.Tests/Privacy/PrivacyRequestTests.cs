using System.Net;
using Ibis.Server.Auth;
using Ibis.Server.Tests.Customers;
using Ibis.Server.Tests.Infrastructure;
using Ibis.Server.Tests.Licensing;
using Ibis.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Ibis.Server.Tests.Privacy;

/// <summary>
/// Notice 820.100 Notification, Record Access and Contesting Record Procedures: the inquiry is logged,
/// identity verified by staff (39 CFR 266.6), the report of records produced; amendments accepted
/// with history or refused with reasons.
/// </summary>
public abstract class PrivacyRequestTests(Func<ClockedApp> fixture)
{
    private IbisApp App => fixture().App;

    [SkippableFact]
    public async Task Inquiry_IsLogged_VerifiedByStaff_ThenAnsweredWithTheRecordsHeld()
    {
        var who = await App.NewLicensee();
        var licensee = App.ClientFor(who.ApiKey);
        var record = await licensee.PostJson("/v1/customers", CustomerRecordsTests.Record(who.LicenseeId, "Inquiring Co", "inq")).Ok(HttpStatusCode.Created);
        await licensee.PostJson("/v1/privacy-requests", new { kind = "inquiry" }).Problem(400, "inquiry_incomplete", "customer_name");
        await licensee.PostJson("/v1/privacy-requests", new { kind = "Inquiry", logon_id = "inq" }).Problem(400, "request_kind_invalid", "kind");
        var inquiry = await licensee.PostJson("/v1/privacy-requests", new { kind = "inquiry", customer_name = "Inquiring Co", logon_id = "inq" }).Ok(HttpStatusCode.Created);
        Assert.Equal("received", (string)inquiry["status"]!);
        var id = (string)inquiry["id"]!;

        // No report before staff verified the requester's identity.
        await licensee.GetAsync($"/v1/privacy-requests/{id}/report").Problem(409, "identity_not_verified");
        var officer = await App.As(Caller.PrivacyOfficerRole);
        await licensee.PostJson($"/v1/privacy-requests/{id}/verification", new { method = "in_person_photo_id" }).Problem(403, "forbidden");
        await officer.PostJson($"/v1/privacy-requests/{id}/verification", new { method = "a hunch" }).Problem(400, "verification_method_invalid", "method");
        Assert.Equal("verified", (string)(await officer.PostJson($"/v1/privacy-requests/{id}/verification", new { method = "in_person_photo_id" }).Ok())["status"]!);

        var report = await licensee.GetAsync($"/v1/privacy-requests/{id}/report").Ok();
        var held = report["records"]!.AsArray().Single()!;
        Assert.Equal((string)record["id"]!, (string)held["record_id"]!);
        Assert.Contains("ssn_last4", held["categories"]!["identification"]!.AsArray().Select(f => (string)f!));
        Assert.Equal(1, (int)held["ach_records"]!);
        Assert.DoesNotContain("7391", report.ToJsonString()); // sensitive values stay masked, as on every screen
        Assert.Contains((await officer.GetAsync($"/v1/customers/{record["id"]}/access-log").Ok())["data"]!.AsArray(), e => (string)e!["action"]! == "report");

        // Answered (PrivacyRequest): the report may be produced again; the identity is not verified twice; an inquiry is not decided.
        await licensee.GetAsync($"/v1/privacy-requests/{id}/report").Ok();
        await officer.PostJson($"/v1/privacy-requests/{id}/verification", new { method = "in_person_photo_id" }).Problem(409, "request_not_received");
        await officer.PostJson($"/v1/privacy-requests/{id}/decision", new { decision = "accept" }).Problem(409, "request_not_amendment");
        var listed = (await licensee.GetAsync("/v1/privacy-requests").Ok())["data"]!.AsArray().Single(r => (string)r!["id"]! == id)!;
        Assert.Equal("answered", (string)listed["status"]!);
    }

    [SkippableFact]
    public async Task Amendment_Accepted_CorrectsWithHistory_Refused_RecordsReasons()
    {
        var who = await App.NewLicensee();
        var licensee = App.ClientFor(who.ApiKey);
        var record = await licensee.PostJson("/v1/customers", CustomerRecordsTests.Record(who.LicenseeId, "Amending Co", "amd")).Ok(HttpStatusCode.Created);
        var recordId = (string)record["id"]!;
        var officer = await App.As(Caller.PrivacyOfficerRole);

        await licensee.PostJson("/v1/privacy-requests", new { kind = "amendment", record_id = recordId, changes = new { customer_information = new { email = "nope" } } }).Problem(400, "email_invalid");
        var accept = await licensee.PostJson("/v1/privacy-requests", new { kind = "amendment", record_id = recordId, changes = new { customer_information = new { industry = "Publishing" } } }).Ok(HttpStatusCode.Created);
        await officer.PostJson($"/v1/privacy-requests/{accept["id"]}/decision", new { decision = "accept" }).Problem(409, "identity_not_verified");
        await officer.PostJson($"/v1/privacy-requests/{accept["id"]}/verification", new { method = "notarized_statement" }).Ok();
        Assert.Equal("accepted", (string)(await officer.PostJson($"/v1/privacy-requests/{accept["id"]}/decision", new { decision = "accept" }).Ok())["status"]!);
        // Decided: not again, not even with a decision word the API does not know; and a report answers only an inquiry.
        await officer.PostJson($"/v1/privacy-requests/{accept["id"]}/decision", new { decision = "reject", reasons = "late" }).Problem(409, "request_decided");
        await officer.PostJson($"/v1/privacy-requests/{accept["id"]}/decision", new { decision = "maybe" }).Problem(409, "request_decided");
        await licensee.GetAsync($"/v1/privacy-requests/{accept["id"]}/report").Problem(409, "request_not_inquiry");
        var now = await licensee.GetAsync($"/v1/customers/{recordId}").Ok();
        Assert.Equal("Publishing", (string)now["categories"]!["customer_information"]!["industry"]!);
        Assert.Equal(2, (int)now["version"]!);
        Assert.Equal(1, await App.WithDb(db => db.CustomerRecordVersions.CountAsync(v => v.RecordId == recordId)));

        var refuse = await licensee.PostJson("/v1/privacy-requests", new { kind = "amendment", record_id = recordId, changes = new { feedback = new { method_of_referral = "none" } } }).Ok(HttpStatusCode.Created);
        await officer.PostJson($"/v1/privacy-requests/{refuse["id"]}/verification", new { method = "notarized_statement" }).Ok();
        await officer.PostJson($"/v1/privacy-requests/{refuse["id"]}/decision", new { decision = "refuse" }).Problem(400, "reasons_required", "reasons");
        var refused = await officer.PostJson($"/v1/privacy-requests/{refuse["id"]}/decision", new { decision = "refuse", reasons = "The referral was recorded as stated on the signed application." }).Ok();
        Assert.Equal("refused", (string)refused["status"]!);
        Assert.StartsWith("The referral", (string)refused["refusal_reasons"]!);
        Assert.Equal(2, (int)(await licensee.GetAsync($"/v1/customers/{recordId}").Ok())["version"]!);
    }
}

[Collection("sqlite")]
public sealed class SqlitePrivacyRequestTests(SqliteClockedApp f) : PrivacyRequestTests(() => f), IClassFixture<SqliteClockedApp>;

[Collection("postgres")]
public sealed class PostgresPrivacyRequestTests(PostgresClockedApp f) : PrivacyRequestTests(() => f), IClassFixture<PostgresClockedApp>;
