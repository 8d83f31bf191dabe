using System.Net;
using Ibis.Security.Keys;
using Ibis.Server.Auth;
using Ibis.Server.Customers;
using Ibis.Server.Privacy;
using Ibis.Server.Tests.Customers;
using Ibis.Server.Tests.Infrastructure;
using Ibis.Server.Tests.Licensing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit;

namespace Ibis.Server.Tests.Privacy;

/// <summary>
/// Issue 16 item 7: crypto-shredding destroys a customer record's key only after the disposal's transaction
/// commits. A disposal whose transaction fails (here a database trigger refuses its last insert, after the
/// point where the key used to be destroyed) leaves the record whole and readable; the next run disposes of
/// it and then destroys the key; a key whose disposal committed but whose destruction a stop interrupted is
/// destroyed at the next start, and no other key is touched.
/// </summary>
public abstract class ShreddingAfterCommitTests(DatabaseKind kind) : IDisposable
{
    private readonly SettableClock _clock = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
    private IbisApp? _app;

    private IbisApp App => _app ??= new IbisApp(kind, _clock);

    public void Dispose()
    {
        _app?.Dispose();
        GC.SuppressFinalize(this);
    }

    [SkippableFact]
    public async Task ARolledBackDisposal_LeavesTheRecordReadable_AndKeysDieOnlyAfterCommit()
    {
        var disposed = await App.NewLicensee("Rollback Co");
        var interrupted = await App.NewLicensee("Interrupted Co");
        var provider = await App.As(Caller.ProviderRole, providerId: await App.ProviderOf(disposed.LicenseeId));
        var recordId = (string)(await provider.PostJson("/v1/customers", CustomerRecordsTests.Record(disposed.LicenseeId, "Rollback Co", "rollback")).Ok(HttpStatusCode.Created))["id"]!;
        var otherProvider = await App.As(Caller.ProviderRole, providerId: await App.ProviderOf(interrupted.LicenseeId));
        var otherId = (string)(await otherProvider.PostJson("/v1/customers", CustomerRecordsTests.Record(interrupted.LicenseeId, "Interrupted Co", "interrupted")).Ok(HttpStatusCode.Created))["id"]!;
        await provider.PostJson($"/v1/customers/{recordId}/relationship-end", new { }).Ok();
        _clock.Advance(TimeSpan.FromDays(365 * 4 + 3)); // notice 820.100 rule 4: due 4 years after the relationship ended

        // The disposal's transaction fails after the record's rows are deleted: everything rolls back.
        var whole = await ReadRecord(recordId);
        Assert.Contains("customer_information", whole);
        await InstallFailingTrigger();
        await Assert.ThrowsAnyAsync<Exception>(() => Run());
        await DropFailingTrigger();
        Assert.Equal(1, await App.WithDb(db => db.CustomerRecords.CountAsync(r => r.Id == recordId)));
        Assert.Equal(whole, await ReadRecord(recordId)); // with the old order its key was gone: unreadable for ever

        // A disposal that committed but whose key destruction a stop cut short: the record is gone, its key is left.
        await App.WithDb(db => db.CustomerRecords.Where(r => r.Id == otherId).ExecuteDeleteAsync());
        var otherHandle = await App.WithDb(db => db.CustomerKeys.Where(k => k.RecordId == otherId).Select(k => k.WrappedKey).SingleAsync());
        var finisher = App.Services.GetServices<IHostedService>().OfType<PendingRecordKeyDestructions>().Single();
        await finisher.StartAsync(default); // what the next start does
        Assert.Equal(0, await App.WithDb(db => db.CustomerKeys.CountAsync(k => k.RecordId == otherId)));
        AssertDestroyed(otherHandle);
        Assert.Equal(whole, await ReadRecord(recordId)); // a key whose record is still there is not touched

        // The next run disposes of the record, and only then destroys its key.
        var handle = await App.WithDb(db => db.CustomerKeys.Where(k => k.RecordId == recordId).Select(k => k.WrappedKey).SingleAsync());
        var log = await Run();
        Assert.Contains(log, d => d.Category == "customer_record" && d.RecordId == recordId);
        Assert.Equal(0, await App.WithDb(db => db.CustomerRecords.CountAsync(r => r.Id == recordId)));
        Assert.Equal(0, await App.WithDb(db => db.CustomerKeys.CountAsync(k => k.RecordId == recordId)));
        AssertDestroyed(handle);
        Assert.Null(await App.WithDb(db => App.Services.GetRequiredService<RecordKeys>().Find(db, recordId, default)));
    }

    [SkippableFact]
    public async Task InsideAnotherTransaction_TheDisposalRefuses_ForItsKeysWouldDieBeforeThatOneCommits()
    {
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Data.IbisDb>();
        var disposal = scope.ServiceProvider.GetRequiredService<RetentionDisposal>();
        var runs = await db.RetentionRuns.CountAsync();
        await using (await db.Database.BeginTransactionAsync())
        {
            // The command pipeline would join this transaction: the keys would go before it commits, or rolls back.
            await Assert.ThrowsAsync<InvalidOperationException>(() => disposal.Run(default));
        }
        Assert.Equal(runs, await db.RetentionRuns.CountAsync());
        await disposal.Run(default); // on its own it runs, in a transaction of its own
        Assert.Equal(runs + 1, await db.RetentionRuns.CountAsync());
    }

    private async Task<List<DisposalView>> Run()
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<RetentionDisposal>().Run(default);
    }

    private async Task<string> ReadRecord(string recordId)
    {
        var keys = App.Services.GetRequiredService<RecordKeys>();
        var row = await App.WithDb(db => db.CustomerRecords.AsNoTracking().SingleAsync(r => r.Id == recordId));
        var key = await App.WithDb(db => keys.Get(db, recordId, default));
        return RecordKeys.Open(key, recordId, "customer_record", row.Document);
    }

    private void AssertDestroyed(byte[] handle)
    {
        var e = Assert.Throws<KeyStoreException>(() => App.Services.GetRequiredService<IKeyStore>().ComputeMac(handle, "x"u8));
        Assert.Equal(KeyStoreException.KeyDestroyed, e.Code);
    }

    // A trigger refuses the run's own log line, the last insert of the disposal's transaction.
    private Task InstallFailingTrigger() => App.WithDb(db => kind == DatabaseKind.Sqlite
        ? db.Database.ExecuteSqlRawAsync("CREATE TRIGGER ibis_test_fail BEFORE INSERT ON retention_runs BEGIN SELECT RAISE(ABORT, 'forced failure late in the disposal'); END;")
        : db.Database.ExecuteSqlRawAsync("""
            CREATE FUNCTION ibis_test_fail() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'forced failure late in the disposal'; END $$ LANGUAGE plpgsql;
            CREATE TRIGGER ibis_test_fail BEFORE INSERT ON retention_runs FOR EACH ROW EXECUTE FUNCTION ibis_test_fail();
            """));

    private Task DropFailingTrigger() => App.WithDb(db => kind == DatabaseKind.Sqlite
        ? db.Database.ExecuteSqlRawAsync("DROP TRIGGER ibis_test_fail;")
        : db.Database.ExecuteSqlRawAsync("DROP TRIGGER ibis_test_fail ON retention_runs; DROP FUNCTION ibis_test_fail();"));
}

public sealed class SqliteShreddingAfterCommitTests() : ShreddingAfterCommitTests(DatabaseKind.Sqlite);

public sealed class PostgresShreddingAfterCommitTests() : ShreddingAfterCommitTests(DatabaseKind.Postgres);
