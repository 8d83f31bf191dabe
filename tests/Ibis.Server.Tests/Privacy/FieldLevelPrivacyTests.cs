using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ibis.Server.Auth;
using Ibis.Server.Tests.Customers;
using Ibis.Server.Tests.Infrastructure;
using Ibis.Server.Tests.Licensing;
using Ibis.Testing;
using Microsoft.AspNetCore.Mvc.Testing;
using Xunit;

namespace Ibis.Server.Tests.Privacy;

/// <summary>
/// Issue 16 item 2: each role sees only the fields of a customer record and of Form 3601-A its duty
/// needs (notice 820.100 "Safeguards"; <c>CustomerFieldPolicy</c>); searches by name or ID travel in
/// POST bodies, never in URLs.
/// </summary>
public abstract class FieldLevelPrivacyTests(Func<ClockedApp> fixture)
{
    private IbisApp App => fixture().App;

    private static readonly string[] PersonalFormFields = ["contact_name", "contact_title", "mailing_address", "phone", "email", "fax", "duns", "device_location", "signature_name"];

    private async Task<(string ApplicationId, string RecordId, string LicenseeId, string ProviderId, HttpClient Licensee)> World(string name)
    {
        var who = await App.NewLicensee(name);
        var providerId = await App.ProviderOf(who.LicenseeId);
        var licensee = App.ClientFor(who.ApiKey);
        var provider = await App.As(Caller.ProviderRole, providerId: providerId);
        var record = await provider.PostJson("/v1/customers", CustomerRecordsTests.Record(who.LicenseeId, name, name.Replace(" ", "", StringComparison.Ordinal))).Ok(HttpStatusCode.Created);
        var application = await licensee.PostJson("/v1/applications", LicensingClient.Form("20260")).Ok(HttpStatusCode.Created);
        await provider.PostJson($"/v1/applications/{application["id"]}/transmission", new { }).Ok();
        return ((string)application["id"]!, (string)record["id"]!, who.LicenseeId, providerId, licensee);
    }

    [SkippableFact]
    public async Task Form3601A_EachRoleSeesOnlyTheFieldsItsDutyNeeds()
    {
        var (applicationId, _, _, providerId, licensee) = await World("Form Fields Co");
        var url = $"/v1/applications/{applicationId}";

        // The applicant, its provider and the licensing official (P050 2.1: deciding on all applicable data) see the whole form.
        foreach (var client in new[] { licensee, await App.As(Caller.ProviderRole, providerId: providerId), await App.As(Caller.LicensingOfficialRole) })
        {
            var form = (await client.GetAsync(url).Ok())["form"]!.AsObject();
            Assert.All(PersonalFormFields.Where(f => f != "fax"), f => Assert.True(form.ContainsKey(f), $"{f} missing: {form.ToJsonString()}"));
            Assert.Equal("jane.doe@mailer.example", (string)form["email"]!);
        }

        // The appeals manager (P050 2.4): whose appeal and which post office — no contact, address or signature.
        var appeals = await (await App.As(Caller.AppealsManagerRole)).GetAsync(url).Ok();
        var appealsForm = appeals["form"]!.AsObject();
        Assert.Equal(["applicant_name", "post_office"], appealsForm.Select(p => p.Key).Order().ToList());
        Assert.Equal("Doe Mailing Co", (string)appealsForm["applicant_name"]!);
        AssertNoPersonalValue(appeals);

        // General postal duties: the licensing post office only, never the applicant's personal data.
        var postal = await (await App.As(Caller.PostalRole)).GetAsync(url).Ok();
        Assert.Equal(["post_office"], postal["form"]!.AsObject().Select(p => p.Key).ToList());
        Assert.DoesNotContain("Doe Mailing Co", postal.ToJsonString());
        AssertNoPersonalValue(postal);

        // Duties with no need of the application are not shown it at all.
        foreach (var role in new[] { Caller.AuditorRole, Caller.InspectorRole, Caller.RefundCoordinatorRole })
            Assert.Equal(HttpStatusCode.NotFound, (await (await App.As(role)).GetAsync(url)).StatusCode);
    }

    [SkippableFact]
    public async Task CustomerRecord_EachRoleSeesOnlyTheFieldsItsDutyNeeds()
    {
        var (_, recordId, _, providerId, licensee) = await World("Record Fields Co");
        var url = $"/v1/customers/{recordId}";

        // The customer, its provider and the privacy officer: all six categories and the ACH record (masked).
        foreach (var client in new[] { licensee, await App.As(Caller.ProviderRole, providerId: providerId), await App.As(Caller.PrivacyOfficerRole) })
        {
            var record = await client.GetAsync(url).Ok();
            Assert.Equal(6, record["categories"]!.AsObject().Count);
            Assert.Single(record["ach"]!.AsArray());
            Assert.Equal("Printing", (string)record["categories"]!["customer_information"]!["industry"]!);
        }

        // The licensing official: who the applicant is and how it is identified — not its business, practices, usage or bank.
        var official = await (await App.As(Caller.LicensingOfficialRole)).GetAsync(url).Ok();
        var categories = official["categories"]!.AsObject();
        Assert.Equal(["customer_information", "identification"], categories.Select(c => c.Key).Order().ToList());
        Assert.Equal("jane.doe@mailer.example", (string)categories["customer_information"]!["email"]!);
        Assert.False(categories["customer_information"]!.AsObject().ContainsKey("industry"));
        Assert.False(categories["customer_information"]!.AsObject().ContainsKey("monthly_shipping_budget"));
        Assert.Equal("123456789", (string)categories["identification"]!["duns"]!);
        Assert.Empty(official["ach"]!.AsArray());
        var text = official.ToJsonString();
        foreach (var hidden in new[] { "Printing", "4000/month", "Ibis portal", "First-Class Mail", "trade show" })
            Assert.DoesNotContain(hidden, text, StringComparison.Ordinal);

        // Postal, appeals, audit, inspection and refund duties: no customer record at all.
        // Refused by role before the record is looked up (notice 820.100 Safeguards), so nothing tells them whether it exists.
        foreach (var role in new[] { Caller.PostalRole, Caller.AppealsManagerRole, Caller.AuditorRole, Caller.InspectorRole, Caller.RefundCoordinatorRole })
            Assert.Equal(HttpStatusCode.Forbidden, (await (await App.As(role)).GetAsync(url)).StatusCode);
    }

    [SkippableFact]
    public async Task CustomerSearch_TakesItsKeysInTheBody_AndTheOldQueryFormIsRefused()
    {
        var (_, recordId, _, _, _) = await World("Search Body Co");
        var official = await App.As(Caller.LicensingOfficialRole);
        var found = await official.PostJson("/v1/customers/search", new { name = "search body co" }).Ok();
        Assert.Equal(recordId, (string)found["data"]![0]!["id"]!);
        // The official's view applies to search results too.
        Assert.Null(found["data"]![0]!["categories"]!["technical"]);

        // GET with the keys in the URL is no longer a search: 405, and nothing of the query is echoed.
        var old = await official.GetAsync("/v1/customers?name=search%20body%20co");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, old.StatusCode);
        var body = await old.Content.ReadAsStringAsync();
        Assert.DoesNotContain("search", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(recordId, body, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task PortalCustomerSearch_IsAPostedForm_AndAnOldQueryUrlRedirectsWithoutTheValues()
    {
        var session = App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var login = App.Sandbox.Logins.First(l => l.Role == "provider");
        Assert.Equal(HttpStatusCode.OK, (await session.PostAsJsonAsync("/v1/sessions", new { email = login.Email, password = login.Password })).StatusCode);

        var page = await session.GetAsync("/portal/customers");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<form method=\"post\" class=\"card\" id=\"search-form\"", html, StringComparison.Ordinal);

        var old = await session.GetAsync("/portal/customers?Name=Sandbox+Mailer+LLC&CustomerId=C123");
        Assert.Equal(HttpStatusCode.Redirect, old.StatusCode);
        Assert.Equal("/portal/customers", old.Headers.Location!.OriginalString);
    }

    private static void AssertNoPersonalValue(JsonNode answer)
    {
        var text = answer.ToJsonString();
        foreach (var value in new[] { "jane.doe@mailer.example", "202-555-0142", "1 Main St", "Jane Doe", "Office manager", "123456789" })
            Assert.DoesNotContain(value, text, StringComparison.Ordinal);
    }
}

[Collection("sqlite")]
public sealed class SqliteFieldLevelPrivacyTests(SqliteClockedApp f) : FieldLevelPrivacyTests(() => f), IClassFixture<SqliteClockedApp>;

[Collection("postgres")]
public sealed class PostgresFieldLevelPrivacyTests(PostgresClockedApp f) : FieldLevelPrivacyTests(() => f), IClassFixture<PostgresClockedApp>;
