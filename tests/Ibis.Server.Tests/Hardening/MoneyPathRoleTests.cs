using System.Net;
using System.Net.Http.Json;
using Ibis.Server.Auth;
using Ibis.Server.Tests.Indicia;
using Ibis.Server.Tests.Infrastructure;
using Ibis.Server.Tests.Licensing;
using Ibis.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Ibis.Server.Tests.Hardening;

/// <summary>
/// Issue 16 item 1: only the licensee and its provider move money. Every other role — the Postal
/// Service's read-only and licensing roles — is refused on every money path with a request that the
/// licensee would have had accepted, and no ledger line or register moves. Printing is the licensee's
/// act alone (P050 1.3): a provider key that may reset a device still may not print on it.
/// </summary>
public abstract class MoneyPathRoleTests(Func<IbisApp> app)
{
    private IbisApp App => app();

    private static readonly string[] NonMoneyRoles = Caller.Roles.Where(r => r is not (Caller.LicenseeRole or Caller.ProviderRole)).ToArray();

    [SkippableFact]
    public async Task EveryMoneyPath_RefusesEveryRoleButTheLicenseeAndItsProvider_AndPostsNothing()
    {
        var who = await App.NewLicensee("Money Path Co");
        var account = await App.AccountOf(who.LicenseeId);
        var provider = App.Provider();
        // An outstanding advance, so that a repayment would be accepted if access control let it through.
        (await Send(provider, HttpMethod.Put, $"/v1/accounts/{account}/advance-limit", new { amount = "100.000" })).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.Created, (await provider.PostJson($"/v1/accounts/{account}/advances", new { amount = "10.000" })).StatusCode);
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var paths = new (HttpMethod Method, string Path, object Body)[]
        {
            (HttpMethod.Post, $"/v1/accounts/{account}/advance-repayments", new { amount = "1.000" }),
            (HttpMethod.Post, $"/v1/accounts/{account}/advances", new { amount = "1.000" }),
            (HttpMethod.Put, $"/v1/accounts/{account}/advance-limit", new { amount = "500.000" }),
            (HttpMethod.Post, $"/v1/accounts/{account}/deposits", new { amount = "5.000", method = "check", check_number = "77" }),
            (HttpMethod.Post, $"/v1/accounts/{account}/closing", new { requested_on = today }),
            (HttpMethod.Post, $"/v1/devices/{who.DeviceId}/resets", new { amount = "1.000" }),
            (HttpMethod.Post, $"/v1/devices/{who.DeviceId}/indicia", PrintingTests.Letter()),
        };
        var before = await State(account, who.DeviceId);
        var failures = new List<string>();
        foreach (var role in NonMoneyRoles)
        {
            var client = await App.As(role);
            foreach (var (method, path, body) in paths)
            {
                var response = await Send(client, method, path, body);
                if (response.StatusCode is not (HttpStatusCode.Forbidden or HttpStatusCode.NotFound))
                    failures.Add($"{method} {path} as {role}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(before, await State(account, who.DeviceId));

        // The same requests are good ones: the licensee's repayment is accepted.
        var repaid = await App.ClientFor(who.ApiKey).PostJson($"/v1/accounts/{account}/advance-repayments", new { amount = "1.000" });
        Assert.Equal(HttpStatusCode.Created, repaid.StatusCode);
    }

    [SkippableFact]
    public async Task ProviderKey_MayNotPrintOnItsCustomersDevice_TheLicenseeMay()
    {
        var who = await App.NewLicensee("Printing Co");
        var before = await State(await App.AccountOf(who.LicenseeId), who.DeviceId);
        var refused = await App.Provider().PostJson($"/v1/devices/{who.DeviceId}/indicia", PrintingTests.Letter());
        await BadInputTests.AssertProblem(refused, 403, "printing_is_the_licensees", null, "provider prints");
        Assert.Equal(before, await State(await App.AccountOf(who.LicenseeId), who.DeviceId));
        Assert.Equal(HttpStatusCode.Created, (await App.ClientFor(who.ApiKey).PostJson($"/v1/devices/{who.DeviceId}/indicia", PrintingTests.Letter())).StatusCode);
    }

    [SkippableFact]
    public async Task ProviderClosingAnAccount_PaysTheLicenseeOfRecord_AndTheLicenseeIsNotified()
    {
        var who = await App.NewLicensee("Closing Payee Co");
        var account = await App.AccountOf(who.LicenseeId);
        // An account closes only once none of its devices holds postage (issue 12, §502.27(b)): check the device out first.
        await App.CheckOutAndRefund(who.DeviceId); // §502.27(b)(4): credited once the district MATS coordinator approves
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var provider = App.Provider();
        var elsewhere = await provider.PostJson($"/v1/accounts/{account}/closing", new { requested_on = today, payee = "Friend Of The Provider LLC" });
        await BadInputTests.AssertProblem(elsewhere, 403, "closing_payee_not_licensee", "payee", "provider names another payee");

        var closed = await provider.PostJson($"/v1/accounts/{account}/closing", new { requested_on = today });
        Assert.Equal(HttpStatusCode.Created, closed.StatusCode);
        var body = await closed.Body();
        Assert.Equal("Closing Payee Co", (string)body["refund"]!["payee"]!);
        var notices = await (await App.ClientFor(who.ApiKey).GetAsync("/v1/notices")).Body();
        var notice = Assert.Single(notices["data"]!.AsArray(), n => (string)n!["kind"]! == "account_closed" && (string)n["subject_id"]! == account);
        Assert.Contains((string)body["refund"]!["amount"]!["amount"]!, (string)notice!["text"]!, StringComparison.Ordinal);
    }

    private static Task<HttpResponseMessage> Send(HttpClient client, HttpMethod method, string path, object body) =>
        client.SendAsync(new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) });

    /// <summary>Ledger lines, balance, advance, registers and pieces: what a refused request must leave alone.</summary>
    private Task<string> State(string accountId, string deviceId) => App.WithDb(async db =>
    {
        var lines = await db.Ledger.CountAsync(l => l.AccountId == accountId);
        var a = await db.DepositAccounts.AsNoTracking().SingleAsync(x => x.Id == accountId);
        var d = await db.Devices.AsNoTracking().SingleAsync(x => x.Id == deviceId);
        return $"{lines}|{a.BalanceMills}|{a.AdvanceOutstandingMills}|{a.AdvanceLimitMills}|{a.Status}|{d.AscendingMills}|{d.DescendingMills}|{d.PieceCount}";
    });
}

[Collection("sqlite")]
public sealed class SqliteMoneyPathRoleTests(SqliteAppFixture f) : MoneyPathRoleTests(() => f.App), IClassFixture<SqliteAppFixture>;

[Collection("postgres")]
public sealed class PostgresMoneyPathRoleTests(PostgresAppFixture f) : MoneyPathRoleTests(() => f.App), IClassFixture<PostgresAppFixture>;
