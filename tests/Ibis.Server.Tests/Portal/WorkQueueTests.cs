using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Ibis.Data.Entities;
using Ibis.Server.Sandbox;
using Ibis.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Ibis.Server.Tests.Portal;

/// <summary>
/// Every role's home is its work queue (issue 19.2): the portal home of each role shows what waits for
/// it with a count and a link, counted only within the caller's own organisation — a licensee never
/// counts another licensee's devices, a provider only its own customers'.
/// </summary>
public abstract partial class WorkQueueTests(DatabaseKind kind)
{
    private static async Task<HttpClient> SignedIn(IbisApp app, SandboxLogin login)
    {
        var client = app.CreateClient();
        var response = await client.PostAsJsonAsync("/v1/sessions", new { email = login.Email, password = login.Password });
        Assert.True(response.IsSuccessStatusCode, $"sign-in as {login.Role}: {(int)response.StatusCode}");
        return client;
    }

    /// <summary>The counts of the home page's queue, by queue key.</summary>
    private static async Task<Dictionary<string, int>> Queue(HttpClient client)
    {
        var response = await client.GetAsync("/portal");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        return QueueItem().Matches(html).ToDictionary(m => m.Groups[1].Value, m => int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    [SkippableFact]
    public async Task EveryRole_HasAQueue_AndEachCountsOnlyItsOwnOrganisation()
    {
        using var app = new IbisApp(kind, settings: new Dictionary<string, string> { ["Ibis:Scheduler:Enabled"] = "false" });
        var a = await app.NewLicensee("Queue Mailer A");
        var b = await app.NewLicensee("Queue Mailer B");
        SandboxLogin Login(string role) => app.Sandbox.Logins.First(l => l.Role == role);

        // Every role's home shows its queue (no placeholder text).
        var clients = new Dictionary<string, HttpClient>();
        foreach (var role in Auth.Caller.Roles.Where(r => r != Auth.Caller.LicenseeRole))
            clients[role] = await SignedIn(app, Login(role));
        var licenseeA = await SignedIn(app, a.Logins.Single());
        var licenseeB = await SignedIn(app, b.Logins.Single());
        var before = new Dictionary<string, Dictionary<string, int>>();
        foreach (var (role, client) in clients)
        {
            before[role] = await Queue(client);
            Assert.True(before[role].Count > 0, $"{role} has no work queue on its home page");
        }
        var aBefore = await Queue(licenseeA);
        var bBefore = await Queue(licenseeB);
        Assert.Equal(0, aBefore["watchdogs"]);

        // Work arrives: A's device must be reset within 3 days, an audit of it failed (a case), the
        // provider owes a task that was due yesterday, and a refund of A's was certified.
        var now = DateTimeOffset.UtcNow;
        var provider = await app.WithDb(db => db.Devices.Where(d => d.Id == a.DeviceId).Select(d => d.ProviderId).SingleAsync());
        var license = await app.WithDb(db => db.Licenses.Where(l => l.LicenseeId == a.LicenseeId).Select(l => l.Id).FirstAsync());
        await app.WithDb(async db =>
        {
            var device = await db.Devices.SingleAsync(d => d.Id == a.DeviceId);
            device.WatchdogDeadline = now.AddDays(3);
            db.Cases.Add(new CaseRow { Id = "case_" + Guid.NewGuid().ToString("N")[..20], DeviceId = a.DeviceId, ProviderId = provider, Kind = "audit_failed", Detail = "test", CreatedAt = now });
            db.ProviderTasks.Add(new ProviderTaskRow
            {
                Id = "task_" + Guid.NewGuid().ToString("N")[..20], ProviderId = provider, LicenseeId = a.LicenseeId, LicenseId = license, DeviceId = a.DeviceId,
                Kind = "remove_psd", Rule = "§502.20(h)", DueAt = now.AddDays(-1), Status = Domain.Licensing.ProviderTaskStatus.Open, CreatedAt = now.AddDays(-10),
            });
            db.RefundRequests.Add(new RefundRequestRow
            {
                Id = "rfd_" + Guid.NewGuid().ToString("N")[..24], Kind = Domain.Refunds.RefundKind.UnusedPostage, Status = Domain.Refunds.RefundStatus.Certified, LicenseeId = a.LicenseeId, ProviderId = provider,
                DeviceId = a.DeviceId, Sandbox = true, ListedMills = 780, QualifyingMills = 780, CertifiedMills = 780, RequestedBy = "test", CreatedAt = now,
            });
            return await db.SaveChangesAsync();
        });

        var aAfter = await Queue(licenseeA);
        Assert.Equal(1, aAfter["watchdogs"]);
        Assert.Equal(aBefore["refunds"] + 1, aAfter["refunds"]);
        var bAfter = await Queue(licenseeB);
        Assert.Equal(bBefore, bAfter); // nothing of A's shows on B's home

        var providerAfter = await Queue(clients[Auth.Caller.ProviderRole]);
        var providerBefore = before[Auth.Caller.ProviderRole];
        Assert.Equal(providerBefore["watchdogs"] + 1, providerAfter["watchdogs"]);
        Assert.Equal(providerBefore["cases"] + 1, providerAfter["cases"]);
        Assert.Equal(providerBefore["duties"] + 1, providerAfter["duties"]);
        Assert.Equal(providerBefore["refunds"], providerAfter["refunds"]); // certified: no longer the provider's to review

        var coordinator = await Queue(clients[Auth.Caller.RefundCoordinatorRole]);
        Assert.Equal(before[Auth.Caller.RefundCoordinatorRole]["certified"] + 1, coordinator["certified"]);
        var inspector = await Queue(clients[Auth.Caller.InspectorRole]);
        Assert.Equal(before[Auth.Caller.InspectorRole]["cases"] + 1, inspector["cases"]);
        var auditor = await Queue(clients[Auth.Caller.AuditorRole]);
        Assert.Equal(before[Auth.Caller.AuditorRole]["cases"] + 1, auditor["cases"]);

        // The home links each queue to where its work is done.
        var html = await (await clients[Auth.Caller.ProviderRole].GetAsync("/portal")).Content.ReadAsStringAsync();
        Assert.Contains($"href=\"/portal/devices/{a.DeviceId}\"", html, StringComparison.Ordinal);
        Assert.Contains("data-queue=\"cases\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("workspace (queues, reports and decisions) arrives", html, StringComparison.Ordinal);
    }

    [GeneratedRegex("data-queue=\"([a-z-]+)\" data-count=\"(\\d+)\"")]
    private static partial Regex QueueItem();
}

[Collection("sqlite")]
public sealed class SqliteWorkQueueTests() : WorkQueueTests(DatabaseKind.Sqlite);

[Collection("postgres")]
public sealed class PostgresWorkQueueTests() : WorkQueueTests(DatabaseKind.Postgres);
