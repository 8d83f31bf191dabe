using System.Net;
using Ibis.Data.Entities;
using Ibis.Domain.Funds;
using Ibis.Domain.Licensing;
using Ibis.Server.Auth;
using Ibis.Server.Tests.Customers;
using Ibis.Server.Tests.Infrastructure;
using Ibis.Server.Tests.Licensing;
using Ibis.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Ibis.Server.Tests.Hardening;

/// <summary>
/// Issue 16 item 7: concurrent clients creating the same thing — a deposit account, a customer
/// record, a license at one post office, a transmission version — get one success and 409s, never a
/// 500, and the database holds one of each. Each client is its own HTTP client sending at once.
/// </summary>
public abstract class ConcurrentCreationTests(Func<IbisApp> app)
{
    private const int Clients = 8;

    private IbisApp App => app();

    [SkippableFact]
    public async Task ConcurrentAccountOpenings_OpenOneAccount_TheOthersAre409()
    {
        var who = await App.NewLicensee("Two Accounts Co");
        var account = await App.AccountOf(who.LicenseeId);
        // An account closes only once none of its devices holds postage (issue 12, §502.27(b)): check the device out first.
        await App.CheckOutAndRefund(who.DeviceId); // §502.27(b)(4): credited once the district MATS coordinator approves
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        (await App.ClientFor(who.ApiKey).PostJson($"/v1/accounts/{account}/closing", new { requested_on = today })).EnsureSuccessStatusCode();

        var statuses = await Race(() => App.Provider(), c => c.PostJson("/v1/accounts", new { licensee_id = who.LicenseeId, deposit_requirement_acknowledged = true }));

        Assert.Equal(1, statuses.Count(s => s == 201));
        Assert.All(statuses.Where(s => s != 201), s => Assert.Equal(409, s));
        Assert.Equal(1, await App.WithDb(db => db.DepositAccounts.CountAsync(a => a.LicenseeId == who.LicenseeId && a.Status != AccountStatus.Closed)));
    }

    [SkippableFact]
    public async Task ConcurrentCustomerRecords_CreateOne_TheOthersAre409()
    {
        var who = await App.NewLicensee("Record Race Co");
        var statuses = await Race(() => App.ClientFor(who.ApiKey), c => c.PostJson("/v1/customers", CustomerRecordsTests.Record(who.LicenseeId, "Record Race Co", "racer")));

        Assert.Equal(1, statuses.Count(s => s == 201));
        Assert.All(statuses.Where(s => s != 201), s => Assert.Equal(409, s));
        Assert.Equal(1, await App.WithDb(db => db.CustomerRecords.CountAsync(r => r.LicenseeId == who.LicenseeId)));
    }

    [SkippableFact]
    public async Task ConcurrentDecisionsForOnePostOffice_IssueOneLicense_TheOthersAre409()
    {
        var who = await App.NewLicensee("License Race Co");
        var licensee = App.ClientFor(who.ApiKey);
        var provider = App.Provider();
        var official = await App.As(Caller.LicensingOfficialRole);
        var first = (string)(await licensee.PostJson("/v1/applications", LicensingClient.Form("20770")).Ok(HttpStatusCode.Created))["id"]!;
        await provider.PostJson($"/v1/applications/{first}/transmission", new { }).Ok();
        // A second transmitted application for the same post office, as two racing applications would leave it.
        var second = Ibis.Domain.Ids.New("app");
        var recordKeys = App.Services.GetRequiredService<Ibis.Server.Customers.RecordKeys>();
        await App.WithDb(async db =>
        {
            var row = await db.LicenseApplications.AsNoTracking().SingleAsync(a => a.Id == first);
            // The form is sealed to its application's id: the copy gets its own seal, as a real second application would.
            var key = await recordKeys.Get(db, row.CustomerRecordId, default);
            var copy = Copy(row, second);
            copy.Document = Ibis.Server.Customers.RecordKeys.Seal(key, row.CustomerRecordId, "form_3601a/" + second,
                Ibis.Server.Customers.RecordKeys.Open(key, row.CustomerRecordId, "form_3601a/" + first, row.Document));
            db.LicenseApplications.Add(copy);
            return await db.SaveChangesAsync();
        });

        var ids = new[] { first, second, first, second, first, second };
        var statuses = await Task.WhenAll(ids.Select(id => Task.Run(async () =>
            (int)(await official.PostJson($"/v1/applications/{id}/decision", new { decision = "approve" })).StatusCode)));

        Assert.DoesNotContain(statuses, s => s >= 500);
        Assert.Equal(1, await App.WithDb(db => db.Licenses.CountAsync(l => l.LicenseeId == who.LicenseeId && l.PostOfficeZip == "20770" && l.Status == LicenseStatus.Valid)));
    }

    [SkippableFact]
    public async Task ConcurrentDailyTransmissions_NumberVersionsUniquely_WithoutA500()
    {
        var day = DateTime.UtcNow.AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var statuses = await Race(() => App.Provider(), c => c.PostJson("/v1/transmissions/daily-financial-transactions", new { date = day }));

        Assert.All(statuses, s => Assert.True(s is 201 or 409, $"status {s}"));
        Assert.Contains(201, statuses);
        var versions = await App.WithDb(db => db.Transmissions.Where(t => t.Kind == "daily_financial_transactions" && t.Subject == day).Select(t => t.Version).ToListAsync());
        Assert.Equal(versions.Count, versions.Distinct().Count());
        Assert.Equal(statuses.Count(s => s == 201), versions.Count);
    }

    /// <summary>Sends one request per client, all at once; returns their statuses; no 5xx is tolerated.</summary>
    private static async Task<int[]> Race(Func<HttpClient> client, Func<HttpClient, Task<HttpResponseMessage>> send)
    {
        var clients = Enumerable.Range(0, Clients).Select(_ => client()).ToList();
        using var start = new SemaphoreSlim(0);
        var tasks = clients.Select(c => Task.Run(async () =>
        {
            await start.WaitAsync();
            var response = await send(c);
            var status = (int)response.StatusCode;
            Assert.True(status < 500, $"{status}: {await response.Content.ReadAsStringAsync()}");
            return status;
        })).ToList();
        start.Release(Clients);
        return await Task.WhenAll(tasks);
    }

    private static LicenseApplicationRow Copy(LicenseApplicationRow row, string id)
    {
        var copy = (LicenseApplicationRow)typeof(LicenseApplicationRow).GetMethod("MemberwiseClone", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic)!.Invoke(row, null)!;
        copy.Id = id;
        return copy;
    }
}

[Collection("sqlite")]
public sealed class SqliteConcurrentCreationTests(SqliteAppFixture f) : ConcurrentCreationTests(() => f.App), IClassFixture<SqliteAppFixture>;

[Collection("postgres")]
public sealed class PostgresConcurrentCreationTests(PostgresAppFixture f) : ConcurrentCreationTests(() => f.App), IClassFixture<PostgresAppFixture>;
