using Ibis.Data.Entities;
using Ibis.Data.Postgres;
using Ibis.Data.Sqlite;
using Ibis.Domain.Compliance;
using Ibis.Domain.Customers;
using Ibis.Domain.Devices;
using Ibis.Domain.Funds;
using Ibis.Domain.Indicia;
using Ibis.Domain.Licensing;
using Ibis.Domain.Organisations;
using Ibis.Domain.Refunds;
using Ibis.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Xunit;

namespace Ibis.Data.Tests;

/// <summary>
/// Issue 18: a status enum marked [StoredAsText] is a text column holding the member's text, on both
/// providers — read back here with raw SQL, not through the conversion that wrote it. Comparisons and
/// <c>Contains</c> over a list of members translate to SQL on the text, and the raw filter of a partial
/// index (built from the same text) still matches the rows EF writes. A status named otherwise (a duty's
/// State) is stored the same way.
/// </summary>
public sealed class StatusTextColumnTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 6, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Sqlite_StoresTheStatusText()
    {
        var dir = Directory.CreateTempSubdirectory("ibis-status-");
        try
        {
            await using var db = new SqliteIbisDb(new DbContextOptionsBuilder<SqliteIbisDb>()
                .UseSqlite($"Data Source={Path.Combine(dir.FullName, "status.db")}", SqliteMigrations.Use).Options);
            await db.Database.MigrateAsync();
            await StoresTheText(db);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            dir.Delete(recursive: true);
        }
    }

    [SkippableFact]
    public async Task Postgres_StoresTheStatusText()
    {
        var server = Requires.Postgres();
        var name = $"ibis_status_{Guid.NewGuid():N}";
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            await create.ExecuteNonQueryAsync();
        }
        try
        {
            var cs = new NpgsqlConnectionStringBuilder(server) { Database = name, Pooling = false }.ConnectionString;
            await using var db = new PostgresIbisDb(new DbContextOptionsBuilder<PostgresIbisDb>().UseNpgsql(cs, PostgresMigrations.Use).Options);
            await db.Database.MigrateAsync();
            await StoresTheText(db);
        }
        finally
        {
            await ScratchDatabase.Drop(server, name);
        }
    }

    private static async Task StoresTheText(IbisDb db)
    {
        db.DepositAccounts.AddRange(
            new DepositAccountRow { Id = "acct_1", LicenseeId = "lic_a", Status = AccountStatus.Closed, CreatedAt = At },
            new DepositAccountRow { Id = "acct_2", LicenseeId = "lic_a", Status = AccountStatus.Closing, CreatedAt = At });
        db.Advertisements.Add(new AdvertisementRow
        {
            Id = "ad_1", ProviderId = "prv_a", Name = "Spring", Kind = "slogan", Caption = "MAILER'S MESSAGE",
            Status = ApprovalStatus.Withdrawn, SubmittedBy = "usr_a", SubmittedAt = At,
        });
        db.Providers.Add(new ProviderRow { Id = "prv_a", Name = "Provider A", Status = ProviderStatus.Suspended, CreatedAt = At });
        db.RefundRequests.AddRange(
            new RefundRequestRow { Id = "rfd_1", Kind = RefundKind.DeviceBalance, Status = RefundStatus.UnderReview, LicenseeId = "lic_a", ProviderId = "prv_a", RequestedBy = "usr_a", CreatedAt = At },
            new RefundRequestRow { Id = "rfd_2", Kind = RefundKind.UnusedPostage, Status = RefundStatus.Paid, LicenseeId = "lic_a", ProviderId = "prv_a", RequestedBy = "usr_a", CreatedAt = At });
        db.PrivacyRequests.AddRange(
            new PrivacyRequestRow { Id = "pvr_1", Kind = "inquiry", RequesterLicenseeId = "lic_a", Status = PrivacyRequestStatus.Answered, ReceivedAt = At },
            new PrivacyRequestRow { Id = "pvr_2", Kind = "amendment", RequesterLicenseeId = "lic_a", Status = PrivacyRequestStatus.Verified, ReceivedAt = At });
        db.CertificateRequests.Add(new CertificateRequestRow { Id = "csr_1", DeviceId = "psd_a", Der = [1], Status = CertificateRequestStatus.Issued, CreatedAt = At });
        db.Outbox.Add(new OutboxMessageRow
        {
            Id = "msg_1", SourceKey = "notice:ntc_a", UserId = "usr_a", ToAddress = "a@example.com", Subject = "s", Body = "b", Kind = "notice",
            Status = OutboxMessageStatus.Failed, NextAttemptAt = At, CreatedAt = At,
        });
        db.Duties.Add(new DutyRow
        {
            Id = "duty_1", Rule = "rule_a", Section = "§502.24", SubjectId = "psd_a", Owner = "licensee", DueAt = At, State = DutyState.Done, CreatedAt = At,
        });
        db.Licenses.AddRange(License("lcs_1", LicenseStatus.Valid), License("lcs_2", LicenseStatus.Revoked), License("lcs_3", LicenseStatus.Superseded));
        db.LicenseApplications.AddRange(Application("app_1", LicenseApplicationStatus.Transmitted), Application("app_2", LicenseApplicationStatus.Withdrawn));
        db.Appeals.Add(new AppealRow
        {
            Id = "apl_1", LicenseeId = "lic_a", ProviderId = "prv_a", Against = "revocation", DecisionId = "lcs_2", Statement = "in writing",
            Status = AppealStatus.Granted, FiledAt = At,
        });
        db.Leases.AddRange(
            new LeaseRow { Id = "lse_1", LicenseeId = "lic_a", ProviderId = "prv_a", LicenseId = "lcn_a", SignedBy = "Pat", SignedOn = new DateOnly(2026, 11, 20), ResettingAccountId = "acct_2", Status = LeaseStatus.Cancelled, CreatedAt = At },
            new LeaseRow { Id = "lse_2", LicenseeId = "lic_a", ProviderId = "prv_a", LicenseId = "lcn_a", SignedBy = "Pat", SignedOn = new DateOnly(2026, 11, 21), ResettingAccountId = "acct_2", Status = LeaseStatus.Active, CreatedAt = At });
        db.Deposits.AddRange(
            new DepositRow { AccountId = "acct_2", Id = "dep_1", Method = "ach_debit", AmountMills = 10_000, Status = DepositStatus.Confirmed, CreatedAt = At },
            new DepositRow { AccountId = "acct_2", Id = "dep_2", Method = "ach_debit", AmountMills = 10_000, Status = DepositStatus.Failed, CreatedAt = At },
            new DepositRow { AccountId = "acct_2", Id = "dep_3", Method = "ach_debit", AmountMills = 10_000, Status = DepositStatus.Pending, CreatedAt = At });
        db.ProviderTasks.AddRange(
            new ProviderTaskRow { Id = "tsk_1", ProviderId = "prv_a", LicenseeId = "lic_a", LicenseId = "lcn_a", Kind = "cancel_lease", Rule = "§502.20(h)", Status = ProviderTaskStatus.Done, CreatedAt = At },
            new ProviderTaskRow { Id = "tsk_2", ProviderId = "prv_a", LicenseeId = "lic_a", LicenseId = "lcn_a", Kind = "remove_psd", Rule = "§502.20(h)", Status = ProviderTaskStatus.Open, CreatedAt = At },
            new ProviderTaskRow { Id = "tsk_3", ProviderId = "prv_a", LicenseeId = "lic_a", LicenseId = "lcn_a", Kind = "check_out_psd", Rule = "§502.20(h)", Status = ProviderTaskStatus.Cancelled, CreatedAt = At });
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();

        Assert.Equal(["answered", "verified"], await Texts(db, "SELECT \"Status\" AS \"Value\" FROM privacy_requests ORDER BY \"Id\""));
        Assert.Equal(["issued"], await Texts(db, "SELECT \"Status\" AS \"Value\" FROM certificate_requests"));
        Assert.Equal(["failed"], await Texts(db, "SELECT \"Status\" AS \"Value\" FROM outbox_messages"));
        Assert.Equal(["done"], await Texts(db, "SELECT \"State\" AS \"Value\" FROM compliance_duties"));
        PrivacyRequestStatus[] open = [PrivacyRequestStatus.Received, PrivacyRequestStatus.Verified];
        Assert.Equal("pvr_2", await db.PrivacyRequests.Where(r => open.Contains(r.Status)).Select(r => r.Id).SingleAsync());
        Assert.False(await db.CertificateRequests.AnyAsync(r => r.Status == CertificateRequestStatus.Pending));
        Assert.Equal(OutboxMessageStatus.Failed, await db.Outbox.Select(m => m.Status).SingleAsync());
        Assert.Equal("duty_1", await db.Duties.Where(d => d.State != DutyState.Open).Select(d => d.Id).SingleAsync());

        Assert.Equal(["suspended"], await Texts(db, "SELECT \"Status\" AS \"Value\" FROM providers"));
        Assert.Equal(["under_review", "paid"], await Texts(db, "SELECT \"Status\" AS \"Value\" FROM refund_requests ORDER BY \"Id\""));
        Assert.Equal(["device_balance", "unused_postage"], await Texts(db, "SELECT \"Kind\" AS \"Value\" FROM refund_requests ORDER BY \"Id\""));
        RefundStatus[] settled = [RefundStatus.Paid, RefundStatus.Rejected];
        Assert.Equal("rfd_1", await db.RefundRequests.Where(r => !settled.Contains(r.Status) && r.Kind == RefundKind.DeviceBalance).Select(r => r.Id).SingleAsync());
        Assert.Equal(ProviderStatus.Suspended, await db.Providers.Select(p => (ProviderStatus?)p.Status).FirstOrDefaultAsync());

        Assert.Equal(["closed", "closing"], await Texts(db, "SELECT \"Status\" AS \"Value\" FROM deposit_accounts ORDER BY \"Id\""));
        Assert.Equal(["withdrawn"], await Texts(db, "SELECT \"Status\" AS \"Value\" FROM advertisements"));

        Assert.Equal("acct_2", await db.DepositAccounts.Where(a => a.Status == AccountStatus.Closing).Select(a => a.Id).SingleAsync());
        AccountStatus[] live = [AccountStatus.Open, AccountStatus.Closing];
        Assert.Equal("acct_2", await db.DepositAccounts.Where(a => live.Contains(a.Status)).Select(a => a.Id).SingleAsync());
        Assert.Equal(ApprovalStatus.Withdrawn, await db.Advertisements.Select(a => a.Status).SingleAsync());

        Assert.Equal(["valid", "revoked", "superseded"], await Texts(db, "SELECT \"Status\" AS \"Value\" FROM licenses ORDER BY \"Id\""));
        Assert.Equal(["transmitted", "withdrawn"], await Texts(db, "SELECT \"Status\" AS \"Value\" FROM license_applications ORDER BY \"Id\""));
        Assert.Equal(["granted"], await Texts(db, "SELECT \"Status\" AS \"Value\" FROM appeals"));
        Assert.Equal("lcs_1", await db.Licenses.Where(l => l.Status == LicenseStatus.Valid).Select(l => l.Id).SingleAsync());
        LicenseApplicationStatus[] undecided = [LicenseApplicationStatus.Submitted, LicenseApplicationStatus.Transmitted];
        Assert.Equal("app_1", await db.LicenseApplications.Where(a => undecided.Contains(a.Status)).Select(a => a.Id).SingleAsync());
        Assert.Equal(AppealStatus.Granted, await db.Appeals.Select(a => a.Status).SingleAsync());

        // Leases, deposits and provider tasks (issue 18): the texts their strings had; == and Contains run in SQL.
        Assert.Equal(["cancelled", "active"], await Texts(db, "SELECT \"Status\" AS \"Value\" FROM leases ORDER BY \"Id\""));
        Assert.Equal(["confirmed", "failed", "pending"], await Texts(db, "SELECT \"Status\" AS \"Value\" FROM deposits ORDER BY \"Id\""));
        Assert.Equal(["done", "open", "cancelled"], await Texts(db, "SELECT \"Status\" AS \"Value\" FROM provider_tasks ORDER BY \"Id\""));
        Assert.Equal("lse_2", await db.Leases.Where(l => l.Status == LeaseStatus.Active).Select(l => l.Id).SingleAsync());
        Assert.Equal(LeaseStatus.Cancelled, await db.Leases.Where(l => l.Id == "lse_1").Select(l => (LeaseStatus?)l.Status).FirstOrDefaultAsync());
        Assert.Null(await db.Leases.Where(l => l.Id == "lse_none").Select(l => (LeaseStatus?)l.Status).FirstOrDefaultAsync());
        DepositStatus[] cleared = [DepositStatus.Confirmed, DepositStatus.Failed];
        Assert.Equal(["dep_1", "dep_2"], await db.Deposits.Where(d => cleared.Contains(d.Status)).OrderBy(d => d.Id).Select(d => d.Id).ToListAsync());
        Assert.Equal(1, await db.Deposits.CountAsync(d => d.Status == DepositStatus.Pending));
        Assert.Equal("tsk_2", await db.ProviderTasks.Where(t => t.ProviderId == "prv_a" && t.Status == ProviderTaskStatus.Open).Select(t => t.Id).SingleAsync());
        await db.ProviderTasks.Where(t => t.Status == ProviderTaskStatus.Open).ExecuteUpdateAsync(s => s.SetProperty(t => t.Status, ProviderTaskStatus.Done));
        Assert.Equal(["done", "done", "cancelled"], await Texts(db, "SELECT \"Status\" AS \"Value\" FROM provider_tasks ORDER BY \"Id\""));

        // The partial index "one open account per licensee" is raw SQL on the text: a second account that
        // is not closed is refused, which it would not be if the filter and the stored text disagreed.
        db.DepositAccounts.Add(new DepositAccountRow { Id = "acct_3", LicenseeId = "lic_a", Status = AccountStatus.Open, CreatedAt = At });
        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());

        // The same for "one valid license per licensee and post office" (P050 2.1): revoked and superseded
        // licenses at the post office do not count, a second valid one is refused.
        db.ChangeTracker.Clear();
        db.Licenses.Add(License("lcs_4", LicenseStatus.Valid));
        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
    }

    private static LicenseRow License(string id, LicenseStatus status) => new()
    {
        Id = id, LicenseeId = "lic_a", PostOfficeCity = "WASHINGTON", PostOfficeState = "DC", PostOfficeZip = "20260", Status = status, IssuedAt = At,
    };

    private static LicenseApplicationRow Application(string id, LicenseApplicationStatus status) => new()
    {
        Id = id, LicenseeId = "lic_a", ProviderId = "prv_a", CustomerRecordId = "rec_a", Kind = "new", Status = status,
        PostOfficeCity = "WASHINGTON", PostOfficeState = "DC", PostOfficeZip = "20260", Document = [], SubmittedAt = At,
    };

    private static Task<List<string>> Texts(IbisDb db, string sql) => db.Database.SqlQueryRaw<string>(sql).ToListAsync();
}
