using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Ibis.Domain;
using Ibis.Server.Compliance;
using Ibis.Server.Tests.Infrastructure;
using Ibis.Server.Tests.Licensing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Ibis.Server.Tests.Compliance;

/// <summary>
/// Sanction procedures against a provider (39 CFR 502.5, 502.13, 502.15, 502.21), driven through the API with
/// the clock moved by hand: the notice with its cure period, the defense, the decision taking effect (the
/// provider suspended, so it onboards no customer), the appeal staying the suspension, the appeal denied,
/// the suspension ending by itself; each deadline a duty, each notice mailed once to the provider's administrator.
/// </summary>
public abstract class SanctionTests(DatabaseKind kind)
{
    private static readonly DateTimeOffset Start = new(2027, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private const string ProviderEmail = "provider@sandbox.ibis.test";
    private const string PostalEmail = "postal@sandbox.ibis.test";

    /// <summary>What the scheduler does at each firing: the sweep (with the sanctions' clock steps) and the mail.</summary>
    private static async Task Tick(IbisApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<SweepDuties>().Run(default);
        await scope.ServiceProvider.GetRequiredService<DeliverOutbox>().Run(default);
    }

    private static async Task<JsonNode> Duty(HttpClient client, string rule, string subject)
    {
        var body = await client.GetAsync($"/v1/compliance/duties?rule={rule}&subject_id={subject}").Ok();
        return Assert.Single(body["data"]!.AsArray())!;
    }

    private static Task<string> Status(IbisApp app, string providerId) => app.WithDb(db => db.Providers.Where(p => p.Id == providerId).Select(p => p.Status.ToText()).SingleAsync());

    private static DateTimeOffset At(JsonNode node, string field) => DateTimeOffset.Parse((string)node[field]!, CultureInfo.InvariantCulture);

    [SkippableFact]
    public async Task Suspension_CureDefenseDecision_AppealStays_Denied_EndsByItself()
    {
        var clock = new SettableClock(Start);
        await using var smtp = new TestSmtpServer();
        using var app = new IbisApp(kind, clock, new Dictionary<string, string>(smtp.Settings) { ["Ibis:Scheduler:Enabled"] = "false" });
        var who = app.Sandbox;
        var providerId = await app.WithDb(db => db.Devices.Where(d => d.Id == who.DeviceId).Select(d => d.ProviderId).SingleAsync());
        var postal = app.Postal();
        var provider = app.Provider();
        var url = $"/v1/providers/{providerId}/sanctions";
        await Tick(app);

        // §502.5(c)(1): a notice of proposed suspension, not willful, gives a time to correct.
        await postal.PostJson(url, new { basis = "authorization", action = "suspension", grounds = "reset records incomplete", suspension_days = 30 }).Problem(400, "cure_period_required", "cure_days");
        await postal.PostJson(url, new { basis = "authorization", action = "suspension", grounds = "x", suspension_days = 91, cure_days = 5 }).Problem(400, "suspension_days_invalid", "suspension_days");
        await provider.PostJson(url, new { basis = "authorization", action = "suspension", grounds = "x", suspension_days = 30, cure_days = 5 }).Problem(403, "forbidden");
        var issued = await postal.PostJson(url, new { basis = "authorization", action = "suspension", grounds = "reset records incomplete", suspension_days = 30, cure_days = 14 }).Ok(HttpStatusCode.Created);
        var id = (string)issued["id"]!;
        Assert.Equal(("cure_period", "§502.5"), ((string?)issued["stage"], (string?)issued["section"]));
        await Tick(app);
        var proposed = Assert.Single(smtp.Received, m => m.Subject.Contains("proposed", StringComparison.Ordinal) || m.Body.Contains("Notice of proposed", StringComparison.Ordinal));
        Assert.Equal(ProviderEmail, proposed.To);
        Assert.Contains("§502.5(c)(1)", proposed.Body);
        var cure = await Duty(provider, "sanction_cure_deficiencies", id);
        Assert.Equal(("due", Start.AddDays(14)), ((string?)cure["status"], At(cure, "due_at")));

        // The notice of suspension only after the time limit (§502.5(c)(2)); the missed correction goes to the Postal Service.
        await postal.PostJson($"{url}/{id}/notice", new { }).Problem(409, "cure_period_not_over");
        clock.Advance(TimeSpan.FromDays(15));
        await Tick(app);
        Assert.Equal(PostalEmail, Assert.Single(smtp.Received, m => m.Source == $"duty:{cure["id"]}:escalation").To);
        var noticed = await postal.PostJson($"{url}/{id}/notice", new { }).Ok();
        Assert.Equal("noticed", (string?)noticed["stage"]);
        await Tick(app);
        Assert.Equal("lapsed", (string?)(await Duty(postal, "sanction_cure_deficiencies", id))["outcome"]);
        var defense = await Duty(provider, "sanction_defense_within_30_days", id);
        Assert.Equal(clock.GetUtcNow().AddDays(30), At(defense, "due_at"), TimeSpan.FromSeconds(1));

        // The written defense, then the decision: imposed, effective on receipt; the provider is suspended.
        await provider.PostJson($"{url}/{id}/defense", new { statement = "" }).Problem(400, "statement_required");
        clock.Advance(TimeSpan.FromDays(10));
        Assert.Equal("defended", (string?)(await provider.PostJson($"{url}/{id}/defense", new { statement = "the records were complete; see the attached logs" }).Ok())["stage"]);
        await provider.PostJson($"{url}/{id}/decision", new { outcome = "impose", reasons = "x" }).Problem(403, "forbidden");
        var decided = await postal.PostJson($"{url}/{id}/decision", new { outcome = "impose", reasons = "the logs show 40 resets without records" }).Ok();
        Assert.Equal("decided", (string?)decided["stage"]);
        await Tick(app);
        Assert.Equal("done", (string?)(await Duty(provider, "sanction_defense_within_30_days", id))["status"]);
        Assert.Equal("in_effect", (string?)(await provider.GetAsync($"{url}/{id}").Ok())["stage"]);
        Assert.Equal("suspended", await Status(app, providerId));
        // What a suspended provider may no longer do (§502.2, §502.5): onboard a customer, among the rest.
        await provider.PostJson("/v1/licensees", new { name = "Refused Co", administrator_email = "owner@refused.example" }).Problem(403, "provider_not_authorized");
        var appealDuty = await Duty(provider, "sanction_appeal_within_30_days", id);
        Assert.Equal("due", (string?)appealDuty["status"]);

        // 10 days into the suspension the provider appeals: the suspension is stayed, the provider authorized again.
        clock.Advance(TimeSpan.FromDays(10));
        await Tick(app);
        var appealed = await provider.PostJson($"{url}/{id}/appeal", new { statement = "the decision misreads the logs" }).Ok();
        Assert.Equal("appealed", (string?)appealed["stage"]);
        Assert.Equal("authorized", await Status(app, providerId));
        await Tick(app);
        Assert.Equal("done", (string?)(await Duty(provider, "sanction_appeal_within_30_days", id))["status"]);
        // A stayed suspension owes no end: its duty closes.
        Assert.Equal("done", (string?)(await Duty(postal, "suspension_ends", id))["status"]);
        clock.Advance(TimeSpan.FromDays(40));
        await Tick(app);
        Assert.Equal("authorized", await Status(app, providerId)); // the stay holds however long the appeal takes

        // The appeal is denied: the suspension takes effect again for the 20 days it had left.
        var denied = await postal.PostJson($"{url}/{id}/appeal-decision", new { outcome = "deny", reasons = "the logs are clear" }).Ok();
        Assert.Equal("in_effect", (string?)denied["stage"]);
        Assert.Equal(clock.GetUtcNow().AddDays(20), At(denied, "ends_at"), TimeSpan.FromSeconds(1));
        Assert.Equal("suspended", await Status(app, providerId));
        await Tick(app);
        var end = (await postal.GetAsync($"/v1/compliance/duties?rule=suspension_ends&subject_id={id}&status=due").Ok())["data"]!.AsArray();
        var endDuty = Assert.Single(end)!;
        Assert.Equal(At(denied, "ends_at"), At(endDuty, "due_at"), TimeSpan.FromMilliseconds(1));

        // A week before its end the Postal Service is reminded (to extend, revoke or let it end); at the end it ends by itself, once.
        clock.Advance(TimeSpan.FromDays(14));
        await Tick(app);
        await Tick(app);
        Assert.Equal(PostalEmail, Assert.Single(smtp.Received, m => m.Source == $"duty:{endDuty["id"]}:reminder").To);
        Assert.Equal("suspended", await Status(app, providerId));
        clock.Advance(TimeSpan.FromDays(7));
        await Tick(app);
        await Tick(app);
        var ended = await provider.GetAsync($"{url}/{id}").Ok();
        Assert.Equal("ended", (string?)ended["stage"]);
        Assert.Equal("authorized", await Status(app, providerId));
        var ends = (await postal.GetAsync($"/v1/compliance/duties?rule=suspension_ends&subject_id={id}").Ok())["data"]!.AsArray();
        Assert.Equal(2, ends.Count); // the first, closed by the stay, and this one
        Assert.All(ends, d => Assert.Equal("done", (string?)d!["status"]));
        Assert.DoesNotContain(smtp.Received, m => m.Source == $"duty:{endDuty["id"]}:overdue");
        Assert.Single(ended["history"]!.AsArray(), e => (string?)e!["kind"] == "ended");
        var history = await app.WithDb(db => db.ProviderEvents.Where(e => e.ProviderId == providerId).OrderBy(e => e.CreatedAt).Select(e => e.Kind).ToListAsync());
        Assert.Equal(["sanction_suspended", "sanction_lifted", "sanction_suspended", "sanction_lifted"], history.Where(k => k.StartsWith("sanction_", StringComparison.Ordinal)));

        // Every step's written notice reached the provider's administrator exactly once.
        var notices = smtp.Received.Where(m => m.Source!.StartsWith("sanction:", StringComparison.Ordinal)).ToList();
        Assert.All(notices, m => Assert.Equal(ProviderEmail, m.To));
        Assert.All(notices.GroupBy(m => m.Source), g => Assert.Single(g));
        Assert.Equal(7, notices.Count); // proposed, noticed, decided, took effect, appealed, appeal denied, ended
    }

    [SkippableFact]
    public async Task AdministrativeSanction_Undefended_TakesEffectAfter30Days_NothingToAppeal()
    {
        var clock = new SettableClock(Start);
        await using var smtp = new TestSmtpServer();
        using var app = new IbisApp(kind, clock, new Dictionary<string, string>(smtp.Settings) { ["Ibis:Scheduler:Enabled"] = "false" });
        var who = app.Sandbox;
        var providerId = await app.WithDb(db => db.Devices.Where(d => d.Id == who.DeviceId).Select(d => d.ProviderId).SingleAsync());
        var postal = app.Postal();
        var provider = app.Provider();
        var url = $"/v1/providers/{providerId}/sanctions";

        // §502.21 imposes an administrative sanction (costs and losses), never a suspension; no cure period.
        await postal.PostJson(url, new { basis = "distribution_controls", action = "suspension", grounds = "x", suspension_days = 10 }).Problem(400, "sanction_action_not_allowed", "action");
        await postal.PostJson(url, new { basis = "distribution_controls", action = "administrative_sanction", grounds = "x" }).Problem(400, "sanction_amount_required", "amount");
        var issued = await postal.PostJson(url, new { basis = "distribution_controls", action = "administrative_sanction", grounds = "lost PSD reported 41 days late (§502.24)", amount = "1250.000" }).Ok(HttpStatusCode.Created);
        var id = (string)issued["id"]!;
        Assert.Equal(("noticed", "1250.000"), ((string?)issued["stage"], (string?)issued["amount"]));
        Assert.Equal(Start.AddDays(30), At(issued, "effective_at"));
        await Tick(app);
        Assert.Single(smtp.Received, m => m.Body.Contains("takes effect on", StringComparison.Ordinal) && m.To == ProviderEmail);

        clock.Advance(TimeSpan.FromDays(23) + TimeSpan.FromHours(1));
        await Tick(app);
        var defense = await Duty(provider, "sanction_defense_within_30_days", id);
        Assert.Single(smtp.Received, m => m.Source == $"duty:{defense["id"]}:reminder");
        clock.Advance(TimeSpan.FromDays(7));
        await Tick(app);
        var effective = await provider.GetAsync($"{url}/{id}").Ok();
        Assert.Equal("in_effect", (string?)effective["stage"]);
        Assert.Equal("authorized", await Status(app, providerId)); // an administrative sanction leaves the authorization alone
        defense = await Duty(provider, "sanction_defense_within_30_days", id);
        Assert.Equal(("done", "lapsed"), ((string?)defense["status"], (string?)defense["outcome"]));
        await provider.PostJson($"{url}/{id}/defense", new { statement = "late" }).Problem(409, "sanction_step_not_allowed");
        await provider.PostJson($"{url}/{id}/appeal", new { statement = "x" }).Problem(409, "sanction_not_decided");
        // Another provider's caller, or a licensee, sees nothing.
        await app.ClientFor(who.ApiKey).GetAsync($"{url}/{id}").Problem(404, "sanction_not_found");
    }
}

public sealed class SqliteSanctionTests() : SanctionTests(DatabaseKind.Sqlite);

[Collection("postgres")]
public sealed class PostgresSanctionTests() : SanctionTests(DatabaseKind.Postgres);
