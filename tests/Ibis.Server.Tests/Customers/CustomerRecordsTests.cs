using System.Net;
using Ibis.Server.Auth;
using Ibis.Server.Tests.Infrastructure;
using Ibis.Server.Tests.Licensing;
using Ibis.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Ibis.Server.Tests.Customers;

/// <summary>
/// Customer records of notice 820.100: the six categories, retrieval by name / customer ID / logon ID,
/// masking, the access log, amendments with history, and bad input refused with nothing changed.
/// </summary>
public abstract class CustomerRecordsTests(Func<ClockedApp> fixture)
{
    private IbisApp App => fixture().App;

    public static Dictionary<string, object?> Record(string licenseeId, string name = "Doe Mailing Co", string logon = "jdoe") => new()
    {
        ["licensee_id"] = licenseeId,
        ["customer_name"] = name,
        ["logon_id"] = logon,
        ["categories"] = new Dictionary<string, Dictionary<string, string>>
        {
            ["customer_information"] = new() { ["applicant_name"] = "Jane Doe", ["email"] = "jane.doe@mailer.example", ["phone"] = "202-555-0142", ["industry"] = "Printing", ["monthly_shipping_budget"] = "2500" },
            ["identification"] = new() { ["ssn_last4"] = "7391", ["duns"] = "123456789", ["usps_site"] = "Washington DC" },
            ["mail_practices"] = new() { ["mail_volume"] = "4000/month" },
            ["technical"] = new() { ["software"] = "Ibis portal" },
            ["product_usage"] = new() { ["products_used"] = "First-Class Mail" },
            ["feedback"] = new() { ["method_of_referral"] = "trade show" },
        },
        ["ach"] = new Dictionary<string, string> { ["routing_number"] = "011000015", ["account_number"] = "98765432101234", ["account_holder"] = "Doe Mailing Co" },
    };

    [SkippableFact]
    public async Task Record_HoldsTheSixCategories_MasksSensitiveFields_AndLogsEveryRead()
    {
        var who = await App.NewLicensee();
        var provider = await App.As(Caller.ProviderRole, providerId: await App.ProviderOf(who.LicenseeId));
        var created = await provider.PostJson("/v1/customers", Record(who.LicenseeId)).Ok(HttpStatusCode.Created);
        var id = (string)created["id"]!;
        Assert.Equal(6, created["categories"]!.AsObject().Count);
        Assert.Equal("••••", (string)created["categories"]!["identification"]!["ssn_last4"]!);
        Assert.Equal("••••1234", (string)created["ach"]![0]!["account_number"]!);
        Assert.DoesNotContain("98765432101234", created.ToJsonString());
        Assert.DoesNotContain("7391", created.ToJsonString());

        // Retrievability: by customer name, customer ID or logon ID.
        var licensee = App.ClientFor(who.ApiKey);
        var customerId = (string)created["customer_id"]!;
        foreach (var keys in new object[] { new { name = "doe mailing co" }, new { customer_id = customerId }, new { logon_id = "jdoe" } })
            Assert.Equal(id, (string)(await licensee.PostJson("/v1/customers/search", keys).Ok())["data"]![0]!["id"]!);
        await licensee.PostJson("/v1/customers/search", new { }).Problem(400, "search_key_required", "name");

        var official = await App.As(Caller.LicensingOfficialRole);
        var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/customers/{id}");
        request.Headers.Add("Ibis-Purpose", "licensing_decision");
        Assert.Equal(HttpStatusCode.OK, (await official.SendAsync(request)).StatusCode);
        await official.GetAsync($"/v1/customers/{id}?purpose=curiosity").Problem(400, "purpose_invalid", "purpose");

        // The access log: who, when, what, why — never a value.
        var log = await licensee.GetAsync($"/v1/customers/{id}/access-log").Ok();
        var entries = log["data"]!.AsArray();
        Assert.Contains(entries, e => (string)e!["action"]! == "create" && (string)e["role"]! == "provider");
        Assert.Contains(entries, e => (string)e!["role"]! == "licensing_official" && (string)e["purpose"]! == "licensing_decision");
        Assert.Equal(5, entries.Count); // create, three searches, one official read (the refused purpose read nothing)
        Assert.DoesNotContain("jane.doe", log.ToJsonString());
    }

    [SkippableFact]
    public async Task Amendment_KeepsTheEarlierVersion()
    {
        var who = await App.NewLicensee();
        var licensee = App.ClientFor(who.ApiKey);
        var created = await licensee.PostJson("/v1/customers", Record(who.LicenseeId)).Ok(HttpStatusCode.Created);
        var id = (string)created["id"]!;
        var patch = new HttpRequestMessage(HttpMethod.Patch, $"/v1/customers/{id}")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new Dictionary<string, object>
            {
                ["changes"] = new Dictionary<string, Dictionary<string, string>> { ["customer_information"] = new() { ["phone"] = "202-555-0199" } },
                ["reason"] = "new number",
            }),
        };
        var amended = await licensee.SendAsync(patch).Ok();
        Assert.Equal(2, (int)amended["version"]!);
        Assert.Equal("202-555-0199", (string)amended["categories"]!["customer_information"]!["phone"]!);
        Assert.Equal(1, await App.WithDb(db => db.CustomerRecordVersions.CountAsync(v => v.RecordId == id && v.Version == 1)));
    }

    public static TheoryData<string, string, string, string, string> BadRecords => new()
    {
        { "bad e-mail", "customer_information", "email", "jane@", "email_invalid" },
        { "bad phone", "customer_information", "phone", "12", "phone_invalid" },
        { "bad zip", "customer_information", "zip", "2000", "zip_invalid" },
        { "bad state", "customer_information", "state", "ZZ", "state_invalid" },
        { "bad DUNS", "identification", "duns", "12345678", "duns_invalid" },
        { "whole SSN", "identification", "ssn_last4", "123-45-6789", "ssn_last4_invalid" },
        { "field outside its category", "feedback", "ssn_last4", "1234", "field_not_in_category" },
        { "a password", "identification", "password", "hunter2", "field_not_in_category" },
        { "unknown category", "hobbies", "chess", "yes", "category_unknown" },
    };

    [SkippableTheory]
    [MemberData(nameof(BadRecords))]
    public async Task BadRecord_IsRefused_AndNothingIsStored(string name, string category, string field, string value, string code)
    {
        var who = await App.NewLicensee();
        var body = Record(who.LicenseeId);
        var categories = (Dictionary<string, Dictionary<string, string>>)body["categories"]!;
        if (!categories.TryGetValue(category, out var fields)) categories[category] = fields = [];
        fields[field] = value;
        await App.ClientFor(who.ApiKey).PostJson("/v1/customers", body).Problem(400, code);
        Assert.Equal(0, await App.WithDb(db => db.CustomerRecords.CountAsync(r => r.LicenseeId == who.LicenseeId)));
        Assert.Equal(0, await App.WithDb(db => db.CustomerKeys.CountAsync()) - await App.WithDb(db => db.CustomerRecords.CountAsync()));
        _ = name;
    }

    [SkippableFact]
    public async Task BadAchRoutingChecksum_IsRefused()
    {
        var who = await App.NewLicensee();
        var body = Record(who.LicenseeId);
        body["ach"] = new Dictionary<string, string> { ["routing_number"] = "011000016", ["account_number"] = "98765432101234", ["account_holder"] = "Doe" };
        await App.ClientFor(who.ApiKey).PostJson("/v1/customers", body).Problem(400, "routing_number_invalid", "ach.routing_number");
        Assert.Equal(0, await App.WithDb(db => db.CustomerRecords.CountAsync(r => r.LicenseeId == who.LicenseeId)));
    }

    [SkippableFact]
    public async Task AnotherLicenseesRecord_IsNotFound_ForReadAmendAndLog()
    {
        var mine = await App.NewLicensee();
        var theirs = await App.NewLicensee();
        var id = (string)(await App.ClientFor(theirs.ApiKey).PostJson("/v1/customers", Record(theirs.LicenseeId, "Other Co", "other")).Ok(HttpStatusCode.Created))["id"]!;
        var me = App.ClientFor(mine.ApiKey);
        await me.GetAsync($"/v1/customers/{id}").Problem(404, "customer_record_not_found");
        await me.GetAsync($"/v1/customers/{id}/access-log").Problem(404, "customer_record_not_found");
        Assert.Empty((await me.PostJson("/v1/customers/search", new { name = "other co" }).Ok())["data"]!.AsArray());
        await me.PostJson("/v1/customers", Record(theirs.LicenseeId)).Problem(404, "licensee_not_found");
        var patch = new HttpRequestMessage(HttpMethod.Patch, $"/v1/customers/{id}") { Content = System.Net.Http.Json.JsonContent.Create(new { changes = new { feedback = new { method_of_referral = "x" } }, reason = "x" }) };
        await me.SendAsync(patch).Problem(404, "customer_record_not_found");
        Assert.Equal(1, await App.WithDb(db => db.CustomerRecords.Where(r => r.Id == id).Select(r => r.Version).SingleAsync()));
        await me.PostJson("/v1/privacy-requests", new { kind = "amendment", record_id = id, changes = new { feedback = new { method_of_referral = "x" } } }).Problem(404, "customer_record_not_found");
        Assert.Equal(0, await App.WithDb(db => db.PrivacyRequests.CountAsync(r => r.RecordId == id)));
    }
}

[Collection("sqlite")]
public sealed class SqliteCustomerRecordsTests(SqliteClockedApp f) : CustomerRecordsTests(() => f), IClassFixture<SqliteClockedApp>;

[Collection("postgres")]
public sealed class PostgresCustomerRecordsTests(PostgresClockedApp f) : CustomerRecordsTests(() => f), IClassFixture<PostgresClockedApp>;
