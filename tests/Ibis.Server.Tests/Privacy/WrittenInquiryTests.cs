using System.Net;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Ibis.Server.Privacy;
using Ibis.Server.Tests.Customers;
using Ibis.Server.Tests.Infrastructure;
using Ibis.Server.Tests.Licensing;
using Ibis.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Ibis.Server.Tests.Privacy;

/// <summary>
/// What the portal's privacy pages add to the service (issue 6): a written inquiry logged by staff
/// (notice 820.100 "Notification Procedure") with how it arrived, what was checked to verify identity
/// (39 CFR 266.6), and retention runs kept with what is due next ("Retention and Disposal").
/// </summary>
public abstract class WrittenInquiryTests(Func<ClockedApp> fixture)
{
    private static readonly Caller Officer = new("usr_test_officer", Caller.PrivacyOfficerRole, null, null, true);

    private IbisApp App => fixture().App;

    [SkippableFact]
    public async Task WrittenInquiry_LoggedByStaff_NamesTheCustomer_AndIsAnsweredAfterVerification()
    {
        var who = await App.NewLicensee();
        var record = await App.ClientFor(who.ApiKey).PostJson("/v1/customers", CustomerRecordsTests.Record(who.LicenseeId, "Letter Co", "letter" + Ids.New("x")[^6..])).Ok(HttpStatusCode.Created);
        var customerId = (string)record["customer_id"]!;
        await using var scope = App.Services.CreateAsyncScope();
        var logInquiry = scope.ServiceProvider.GetRequiredService<LogWrittenInquiry>();
        var verify = scope.ServiceProvider.GetRequiredService<VerifyRequesterIdentity>();
        var answer = scope.ServiceProvider.GetRequiredService<AnswerPrivacyInquiry>();
        var licensee = new Caller("usr_test_licensee", Caller.LicenseeRole, who.LicenseeId, null, true);
        var before = await App.WithDb(db => db.PrivacyRequests.CountAsync());

        Assert.Equal("forbidden", (await Assert.ThrowsAsync<BusinessRuleViolationException>(() => logInquiry.Handle(licensee, new("Letter Co", null, null, "mail"), default))).Code);
        Assert.Equal("inquiry_incomplete", (await Assert.ThrowsAsync<ApiException>(() => logInquiry.Handle(Officer, new(" ", null, null, "mail"), default))).Code);
        var noVia = await Assert.ThrowsAsync<ApiException>(() => logInquiry.Handle(Officer, new(null, customerId, null, "pigeon"), default));
        Assert.Equal(("received_via_invalid", "received_via"), (noVia.Code, noVia.Field));
        Assert.Equal(before, await App.WithDb(db => db.PrivacyRequests.CountAsync()));

        var logged = await logInquiry.Handle(Officer, new("Letter Co", customerId, null, "mail"), default);
        Assert.Equal((who.LicenseeId, "received", "mail"), (logged.RequesterLicenseeId, logged.Status, logged.ReceivedVia));
        Assert.Equal("identity_not_verified", (await Assert.ThrowsAsync<BusinessRuleViolationException>(() => answer.Handle(Officer, logged.Id, default))).Code);
        var verified = await verify.Handle(Officer, logged.Id, new VerificationRequest("signed_statement_compared", "signature compared with the 3601-A"), default);
        Assert.Equal("signature compared with the 3601-A", verified.VerificationNote);
        var report = await answer.Handle(Officer, logged.Id, default);
        Assert.Equal((string)record["id"]!, report.Records.Single().RecordId);

        // Keys naming no record are still logged; the answer is that nothing is held.
        var unknown = await logInquiry.Handle(Officer, new(null, "C000000000", null, "fax"), default);
        Assert.Equal("", unknown.RequesterLicenseeId);
        await verify.Handle(Officer, unknown.Id, new VerificationRequest("notarized_statement"), default);
        Assert.Empty((await answer.Handle(Officer, unknown.Id, default)).Records);
    }

    [SkippableFact]
    public async Task Api_WrittenInquiryAndSchedule_AreThePrivacyOfficers()
    {
        var who = await App.NewLicensee();
        var licensee = App.ClientFor(who.ApiKey);
        var officer = await App.As(Caller.PrivacyOfficerRole);
        var body = new { customer_name = "Letter Co", logon_id = "nobody-" + Ids.New("x")[^6..], received_via = "e_mail" };
        await licensee.PostJson("/v1/privacy-requests/written-inquiries", body).Problem(403, "forbidden");
        await officer.PostJson("/v1/privacy-requests/written-inquiries", new { customer_name = "Letter Co" }).Problem(400, "received_via_invalid", "received_via");
        var logged = await officer.PostJson("/v1/privacy-requests/written-inquiries", body).Ok(HttpStatusCode.Created);
        Assert.Equal(("inquiry", "received", "e_mail"), ((string)logged["kind"]!, (string)logged["status"]!, (string)logged["received_via"]!));

        await licensee.GetAsync("/v1/retention/schedule").Problem(403, "forbidden");
        var schedule = await officer.GetAsync("/v1/retention/schedule").Ok();
        Assert.Equal(["logon", "ach", "security_access", "customer_record", "form_3601c"], schedule["rules"]!.AsArray().Select(r => (string)r!["category"]!).ToArray());
    }

    [SkippableFact]
    public async Task RetentionRuns_AreKept_AndTheOverviewCountsWhatIsDue()
    {
        var who = await App.NewLicensee();
        var recordId = (string)(await App.ClientFor(who.ApiKey).PostJson("/v1/customers", CustomerRecordsTests.Record(who.LicenseeId, "Due Co", "due" + Ids.New("x")[^6..])).Ok(HttpStatusCode.Created))["id"]!;
        var now = App.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        var old = Ids.New("lgn");
        await App.WithDb(db =>
        {
            db.LogonRecords.Add(new LogonRecordRow { Id = old, RecordId = recordId, LogonId = "due", At = now.AddDays(-400) });
            db.LogonRecords.Add(new LogonRecordRow { Id = Ids.New("lgn"), RecordId = recordId, LogonId = "due", At = now.AddDays(-10) });
            return db.SaveChangesAsync();
        });
        await using var scope = App.Services.CreateAsyncScope();
        var overview = scope.ServiceProvider.GetRequiredService<RetentionOverview>();
        var logon = (await overview.Get(default)).Rules.Single(r => r.Category == "logon");
        Assert.True(logon.DueNow >= 1);
        Assert.NotNull(logon.NextDueAt);
        Assert.True(logon.NextDueAt > now);

        var officer = await App.As(Caller.PrivacyOfficerRole);
        Assert.Contains((await officer.PostJson("/v1/retention/runs", new { }).Ok())["data"]!.AsArray(), d => (string)d!["record_id"]! == old);
        scope.ServiceProvider.GetRequiredService<Data.IbisDb>().ChangeTracker.Clear();
        var after = await overview.Get(default);
        Assert.Equal(0, after.Rules.Single(r => r.Category == "logon").DueNow);
        Assert.Equal(RetentionDisposal.PrivacyOfficer, after.LastRun!.Trigger);
        Assert.Contains(after.Disposals, d => d.RecordId == old && d.Rule.Contains("Retention 1", StringComparison.Ordinal));
    }
}

[Collection("sqlite")]
public sealed class SqliteWrittenInquiryTests(SqliteClockedApp f) : WrittenInquiryTests(() => f), IClassFixture<SqliteClockedApp>;

[Collection("postgres")]
public sealed class PostgresWrittenInquiryTests(PostgresClockedApp f) : WrittenInquiryTests(() => f), IClassFixture<PostgresClockedApp>;
