using System.Net;
using Ibis.Server.Auth;
using Ibis.Server.Tests.Customers;
using Ibis.Server.Tests.Infrastructure;
using Ibis.Server.Tests.Licensing;
using Ibis.Testing;
using Xunit;

namespace Ibis.Server.Tests.Privacy;

/// <summary>
/// Issue 16 item 2: every disclosure of a customer record outside the Postal Service under a routine
/// use of notice 820.100 is recorded — to whom, when, which routine use, which records — and listed to
/// the person on request (5 U.S.C. 552a(c)); a verified requester receives the values held, not only
/// the field names.
/// </summary>
public abstract class DisclosureAccountingTests(Func<ClockedApp> fixture)
{
    private IbisApp App => fixture().App;

    [SkippableFact]
    public async Task Disclosure_IsRecorded_AndListedToTheVerifiedRequester_WithTheValuesHeld()
    {
        var who = await App.NewLicensee("Disclosed Co");
        var licensee = App.ClientFor(who.ApiKey);
        var record = await licensee.PostJson("/v1/customers", CustomerRecordsTests.Record(who.LicenseeId, "Disclosed Co", "disc")).Ok(HttpStatusCode.Created);
        var recordId = (string)record["id"]!;
        var officer = await App.As(Caller.PrivacyOfficerRole);

        // Bad input: every missing item at once, and a use the notice does not list.
        var bad = await officer.PostJson("/v1/privacy/disclosures", new { record_id = recordId, routine_use = "marketing" }).Problem(400, "recipient_required", "recipient");
        var codes = bad["errors"]!.AsArray().Select(e => (string)e!["code"]!).ToList();
        Assert.Contains("routine_use_invalid", codes);
        Assert.Contains("purpose_required", codes);
        Assert.Contains("recipient_address_required", codes);
        // Issue 16 item 2: standard routine use 8 (labor organizations) is for general systems, not for 820.100.
        var general = await officer.PostJson("/v1/privacy/disclosures", new
        {
            record_id = recordId, routine_use = "labor_organizations", recipient = "Local 1", recipient_address = "1 Union Sq", purpose = "grievance",
        }).Problem(400, "routine_use_not_for_customer_systems", "routine_use");
        Assert.DoesNotContain("routine_use_invalid", general["errors"]!.AsArray().Select(e => (string)e!["code"]!));
        // Only the privacy officer discloses.
        await licensee.PostJson("/v1/privacy/disclosures", Disclosure(recordId)).Problem(403, "forbidden");
        await (await App.As(Caller.PostalRole)).PostJson("/v1/privacy/disclosures", Disclosure(recordId)).Problem(403, "forbidden");

        var disclosed = await officer.PostJson("/v1/privacy/disclosures", Disclosure(recordId, categories: ["customer_information"])).Ok(HttpStatusCode.Created);
        Assert.Equal("jane.doe@mailer.example", (string)disclosed["categories"]!["customer_information"]!["email"]!);
        Assert.Null(disclosed["categories"]!["identification"]); // only the categories the routine use needs leave
        var line = disclosed["disclosure"]!;
        Assert.Equal("law_enforcement", (string)line["routine_use"]!);
        Assert.Equal(2, (int)line["routine_use_number"]!);
        Assert.Equal(["customer_record v1: customer_information"], line["records"]!.AsArray().Select(r => (string)r!).ToList());

        // The officer's accounting lists it, without any value of the record.
        var accounting = await officer.GetAsync("/v1/privacy/disclosures?limit=100").Ok();
        var listed = accounting["data"]!.AsArray().Single(d => (string)d!["record_id"]! == recordId)!;
        Assert.Equal("Postal Inspection Service liaison, Fairfax County Police", (string)listed["recipient"]!);
        Assert.NotNull(listed["disclosed_at"]);
        Assert.DoesNotContain("jane.doe", accounting.ToJsonString(), StringComparison.Ordinal);

        // The customer: only after the privacy officer verified its identity on an inquiry (39 CFR 266.6).
        await licensee.GetAsync("/v1/privacy/disclosures").Problem(403, "identity_not_verified");
        var inquiry = await licensee.PostJson("/v1/privacy-requests", new { kind = "inquiry", logon_id = "disc" }).Ok(HttpStatusCode.Created);
        await officer.PostJson($"/v1/privacy-requests/{inquiry["id"]}/verification", new { method = "in_person_photo_id" }).Ok();
        var mine = await licensee.GetAsync("/v1/privacy/disclosures").Ok();
        Assert.Equal(recordId, (string)mine["data"]!.AsArray().Single()!["record_id"]!);

        // Another customer never sees this accounting.
        var other = await App.NewLicensee("Other Disclosed Co");
        var otherClient = App.ClientFor(other.ApiKey);
        await otherClient.PostJson("/v1/customers", CustomerRecordsTests.Record(other.LicenseeId, "Other Disclosed Co", "odisc")).Ok(HttpStatusCode.Created);
        var otherInquiry = await otherClient.PostJson("/v1/privacy-requests", new { kind = "inquiry", logon_id = "odisc" }).Ok(HttpStatusCode.Created);
        await officer.PostJson($"/v1/privacy-requests/{otherInquiry["id"]}/verification", new { method = "notarized_statement" }).Ok();
        Assert.Empty((await otherClient.GetAsync("/v1/privacy/disclosures").Ok())["data"]!.AsArray());

        // The report to the verified requester carries the values held and the accounting of each record.
        var report = await licensee.GetAsync($"/v1/privacy-requests/{inquiry["id"]}/report").Ok();
        var held = report["records"]!.AsArray().Single()!;
        Assert.Equal("jane.doe@mailer.example", (string)held["values"]!["customer_information"]!["email"]!);
        Assert.Equal("trade show", (string)held["values"]!["feedback"]!["method_of_referral"]!);
        Assert.Equal("••••", (string)held["values"]!["identification"]!["ssn_last4"]!);
        Assert.Equal("••••1234", (string)held["ach"]![0]!["account_number"]!);
        Assert.Equal("law_enforcement", (string)held["disclosures"]![0]!["routine_use"]!);
    }

    private static object Disclosure(string recordId, string[]? categories = null) => new
    {
        record_id = recordId, recipient = "Postal Inspection Service liaison, Fairfax County Police", recipient_address = "4100 Chain Bridge Rd, Fairfax, VA 22030",
        routine_use = "law_enforcement", purpose = "investigation of a reported misuse of a postage meter", categories,
    };
}

[Collection("sqlite")]
public sealed class SqliteDisclosureAccountingTests(SqliteClockedApp f) : DisclosureAccountingTests(() => f), IClassFixture<SqliteClockedApp>;

[Collection("postgres")]
public sealed class PostgresDisclosureAccountingTests(PostgresClockedApp f) : DisclosureAccountingTests(() => f), IClassFixture<PostgresClockedApp>;
