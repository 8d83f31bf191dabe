using System.Data.Common;
using System.Net;
using System.Reflection;
using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Server.Tests.Infrastructure;
using Ibis.Server.Tests.Psd;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Ibis.Server.Tests.Indicia;

/// <summary>
/// A batch's indicia are inserted in bulk (issue 17: binary COPY on PostgreSQL, one prepared INSERT on SQLite,
/// no change tracking); on SQLite a single piece's indicium and kept answer, and a device transaction's other new
/// rows, go in the same way before SaveChanges. The rows must be the rows EF Core would have written — every column, converted as the
/// model says — and a batch that fails after the rows went in must leave none of them (DESIGN: a batch is all
/// or nothing; the COPY runs inside the device transaction that is rolled back).
/// </summary>
public abstract class BatchBulkInsertTests(DatabaseKind kind) : IDisposable
{
    private readonly FailingDeviceUpdate _failure = new();
    private IbisApp? _app;

    private IbisApp App => _app ??= new IbisApp(kind, settings: new Dictionary<string, string> { ["Ibis:Scheduler:Enabled"] = "false" })
    {
        ConfigureHost = b => b.ConfigureTestServices(s => s.AddSingleton<IInterceptor>(_failure)),
    };

    public void Dispose() => _app?.Dispose();

    /// <summary>Every property set, none to its CLR default, an instant with sub-microsecond ticks (PostgreSQL keeps microseconds).</summary>
    private static IndiciumRow Full(string id, long piece) => new()
    {
        DeviceId = "psd_bulk_device", Id = id, PieceNumber = piece, Data = [1, 2, 3, 0, 255, 7],
        PostageMills = 7_300, AmountDueMills = 7_290, AscendingAfterMills = 1_234_567, DescendingAfterMills = 98_765,
        MailClass = "priority_mail", RateCategory = "package", WeightOz = "12.5", MailingDate = new DateOnly(2026, 12, 7),
        DestinationZip = "90210", Sandbox = true, CreatedAt = new DateTimeOffset(2026, 12, 6, 3, 4, 5, TimeSpan.Zero).AddTicks(1_234_567),
        Variant = "postage_correction", DesignId = "dsn_builtin_label", AdvertisementId = "ad_x", Medium = "label_4x6", OriginZip = "10001",
        Zone = 8, RateTableId = "rtb_2026", OmitDay = true, MailedFromZip = "10002", CorrectsIndiciumId = "ind_short",
        ToName = "Jane Roe", ToLines = "1 Main St\nApt 2", ToCity = "Beverly Hills", ToState = "CA", ToZip5 = "90210", ToZip4 = "1234",
        ToDeliveryPoint = "56", ImbTrackingCode = "00270123456200000001", CourtesyReply = true,
        FromName = "John Doe", FromCompany = "Acme", FromLines = "2 Side St", FromCity = "New York", FromState = "NY", FromZip5 = "10001", FromZip4 = "0001",
    };

    /// <summary>Every nullable property null, every other the plainest value.</summary>
    private static IndiciumRow Sparse(string id, long piece) => new()
    {
        DeviceId = "psd_bulk_device", Id = id, PieceNumber = piece, Data = [], MailClass = "first_class", RateCategory = "letter", WeightOz = "1",
        MailingDate = new DateOnly(2026, 1, 1), CreatedAt = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
    };

    private static readonly PropertyInfo[] Properties = typeof(IndiciumRow).GetProperties(BindingFlags.Public | BindingFlags.Instance);

    [SkippableFact]
    public void TheSampleRow_SetsEveryProperty()
    {
        // A property added to IndiciumRow is in the bulk insert by construction (the column list is the model's); this
        // makes the round trip below cover it too, by failing until the sample sets it.
        var full = Full("ind_a", 1);
        var unset = Properties.Where(p => p.GetValue(full) is null || Equals(p.GetValue(full), p.PropertyType.IsValueType ? Activator.CreateInstance(p.PropertyType) : null)).Select(p => p.Name);
        Assert.Empty(unset);
    }

    [SkippableFact]
    public async Task OnSqlite_ABatchsIndicia_AreBoundByPosition()
    {
        // Bound by name, a row's 40-odd parameters cost SQLite a thousand string comparisons (bench/RESULTS.md).
        Assert.Equal(kind == DatabaseKind.Sqlite, await App.WithDb(db => Task.FromResult(BulkInsert.BindsByPosition(db, typeof(IndiciumRow)))));
    }

    [SkippableFact]
    public async Task TheBulkInsert_WritesEveryPropertyOfTheEntity()
    {
        var columns = await App.WithDb(db => Task.FromResult(BulkInsert.Columns(db, typeof(IndiciumRow))));
        var mapped = await App.WithDb(db => Task.FromResult(db.Model.FindEntityType(typeof(IndiciumRow))!.GetProperties().Select(p => p.Name).ToList()));
        Assert.Equal(Properties.Select(p => p.Name).Order(), mapped.Order());
        Assert.Equal(mapped.Count, columns.Count);
    }

    /// <param name="many">With eight more rows: a SQLite insert of that many binds by position, not by name.</param>
    [SkippableTheory]
    [InlineData(true, false)]
    [InlineData(false, false)]
    [InlineData(true, true)]
    [InlineData(false, true)]
    public async Task ARowInsertedInBulk_ReadsBackLikeOneInsertedByEf(bool full, bool many)
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var (byEf, inBulk) = full ? (Full("ind_ef_" + tag, 10), Full("ind_bulk_" + tag, 11)) : (Sparse("ind_ef_" + tag, 20), Sparse("ind_bulk_" + tag, 21));
        IndiciumRow[] rows = many ? [inBulk, .. Enumerable.Range(0, 8).Select(i => Sparse($"ind_more_{tag}_{i}", 100 + i))] : [inBulk];
        await App.WithDb(async db =>
        {
            db.Indicia.Add(byEf);
            await db.SaveChangesAsync();
            return 0;
        });
        await App.WithDb(async db =>
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            await BulkInsert.Rows(db, rows, CancellationToken.None);
            Assert.Empty(db.ChangeTracker.Entries()); // nothing tracked
            await tx.CommitAsync();
            return 0;
        });

        var (a, b) = await App.WithDb(async db => (await db.Indicia.AsNoTracking().SingleAsync(i => i.Id == byEf.Id), await db.Indicia.AsNoTracking().SingleAsync(i => i.Id == inBulk.Id)));
        foreach (var p in Properties.Where(p => p.Name is not nameof(IndiciumRow.Id) and not nameof(IndiciumRow.PieceNumber)))
        {
            var (x, y) = (p.GetValue(a), p.GetValue(b));
            if (x is byte[] bx && y is byte[] by) Assert.True(bx.SequenceEqual(by), p.Name);
            else Assert.True(Equals(x, y), $"{p.Name}: EF read back {x ?? "null"}, the bulk insert {y ?? "null"}");
        }
        Assert.Equal(inBulk.PieceNumber, b.PieceNumber);
        // And what went in is what comes back (the instant as the database keeps it: microseconds on PostgreSQL,
        // 0.1 ms on SQLite, where DateTimeOffsetToBinaryConverter packs ticks/1000 with the offset).
        Assert.Equal(inBulk.Data, b.Data);
        Assert.Equal(inBulk.ToLines, b.ToLines);
        Assert.Equal(inBulk.Variant, b.Variant);
        Assert.Equal(inBulk.MailingDate, b.MailingDate);
        Assert.True((inBulk.CreatedAt - b.CreatedAt).Duration() < TimeSpan.FromMilliseconds(0.1), $"{inBulk.CreatedAt:O} went in, {b.CreatedAt:O} came back");
    }

    [SkippableFact]
    public async Task ABulkInsert_OutsideATransaction_IsRefused()
    {
        await App.WithDb(async db =>
        {
            await Assert.ThrowsAsync<InvalidOperationException>(() => BulkInsert.Rows(db, [Sparse("ind_notx", 1)], CancellationToken.None));
            return 0;
        });
    }

    [SkippableFact]
    public async Task ABatchFailingAfterItsRowsWentIn_LeavesNoneOfThem_AndARetryPrintsIt()
    {
        var who = await App.NewLicensee();
        var client = App.ClientFor(who.ApiKey);
        var batch = new Dictionary<string, object> { ["pieces"] = Enumerable.Range(0, 20).Select(_ => PrintingTests.Letter(postage: "0.740", zip: null)).ToArray() };

        // The rows go in during the operation; the register update that follows them fails: the transaction rolls back.
        await FailingAtTheRegisterUpdate(who.DeviceId, () => client.PostJson($"/v1/devices/{who.DeviceId}/indicia/batch", batch, "bulk-crash-1"));
        Assert.Equal(0, await App.WithDb(db => db.Indicia.CountAsync(i => i.DeviceId == who.DeviceId)));
        Assert.Equal(0L, await App.WithDb(db => db.Devices.Where(d => d.Id == who.DeviceId).Select(d => d.PieceCount).SingleAsync()));

        var printed = await client.PostJson($"/v1/devices/{who.DeviceId}/indicia/batch", batch, "bulk-crash-1");
        Assert.Equal(HttpStatusCode.Created, printed.StatusCode);
        Assert.Equal(20, await App.WithDb(db => db.Indicia.CountAsync(i => i.DeviceId == who.DeviceId)));
        var totals = await App.WithDb(db => db.Devices.AsNoTracking().Where(d => d.Id == who.DeviceId)
            .Select(d => new { d.RecordedPieces, d.RecordedPostageMills, d.PieceCount, d.AscendingMills }).SingleAsync());
        Assert.Equal(20, totals.RecordedPieces);
        Assert.Equal(20 * 740, totals.RecordedPostageMills);
        Assert.Equal(20, totals.PieceCount);
        Assert.Equal(20 * 740, totals.AscendingMills);
        // The same key again is the stored answer, not a second batch.
        var again = await client.PostJson($"/v1/devices/{who.DeviceId}/indicia/batch", batch, "bulk-crash-1");
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal(20, await App.WithDb(db => db.Indicia.CountAsync(i => i.DeviceId == who.DeviceId)));
    }

    [SkippableFact]
    public async Task ASinglePrintFailingAfterItsRowWentIn_KeepsNeitherTheIndiciumNorTheAnswer_AndARetryPrintsIt()
    {
        // On SQLite the indicium and the answer kept under the key go in on prepared statements before the register
        // update (BulkInsert.One); a failure of the update must take them back with it.
        var who = await App.NewLicensee();
        var client = App.ClientFor(who.ApiKey);
        await FailingAtTheRegisterUpdate(who.DeviceId, () => client.Print(who.DeviceId, key: "one-crash-1"));
        Assert.Equal(0, await App.WithDb(db => db.Indicia.CountAsync(i => i.DeviceId == who.DeviceId)));
        Assert.Equal(0, await App.WithDb(db => db.IdempotencyKeys.CountAsync(k => k.Scope == who.DeviceId && k.Key == "one-crash-1")));

        var printed = await client.Print(who.DeviceId, key: "one-crash-1");
        Assert.Equal(HttpStatusCode.Created, printed.StatusCode);
        var again = await client.Print(who.DeviceId, key: "one-crash-1");
        Assert.Equal(await printed.Content.ReadAsStringAsync(), await again.Content.ReadAsStringAsync());
        Assert.Equal(1, await App.WithDb(db => db.Indicia.CountAsync(i => i.DeviceId == who.DeviceId)));
        Assert.Equal(1L, await App.WithDb(db => db.Devices.Where(d => d.Id == who.DeviceId).Select(d => d.PieceCount).SingleAsync()));
    }

    [SkippableFact]
    public async Task AResetFailingAfterItsRowsWentIn_KeepsNoneOfThem_AndARetryResetsOnce()
    {
        // A reset's audit, transmission, ledger entries and record are new rows (BulkInsert.Added on SQLite, before
        // the register update that SaveChanges makes).
        var who = await App.NewLicensee();
        var client = App.ClientFor(who.ApiKey);
        var id = who.DeviceId;
        async Task<(int Resets, int Audits, int Ledger, long Dr)> State() => await App.WithDb(async db => (
            await db.Resets.CountAsync(r => r.DeviceId == id), await db.Audits.CountAsync(a => a.DeviceId == id), await db.Ledger.CountAsync(),
            await db.Devices.Where(d => d.Id == id).Select(d => d.DescendingMills).SingleAsync()));
        var before = await State();

        await FailingAtTheRegisterUpdate(id, () => client.Reset(id, "10.000", "reset-crash-1"));
        Assert.Equal(before, await State());

        Assert.Equal(HttpStatusCode.Created, (await client.Reset(id, "10.000", "reset-crash-1")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await client.Reset(id, "10.000", "reset-crash-1")).StatusCode);
        var after = await State();
        Assert.Equal(before.Resets + 1, after.Resets);
        Assert.Equal(before.Audits + 1, after.Audits);
        Assert.True(after.Ledger > before.Ledger);
        Assert.Equal(before.Dr + 10_000, after.Dr);
    }

    [SkippableFact]
    public async Task TheNewRowsOfAContext_GoInAtOnceOnSqlite_SaveAWatchedTableAndAFilledDefault()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        IdempotencyRow Kept(string key) => new() { Scope = "psd_added_" + tag, Key = key, RequestHash = "h", StatusCode = 201, Body = [1], CreatedAt = DateTimeOffset.UnixEpoch };
        await App.WithDb(async db =>
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            var plain = Kept("plain");
            var filled = Sparse("ind_added_" + tag, 1); // Variant null: the column's default "standard" stands in
            var audit = new AuditRow { DeviceId = "psd_added_" + tag, Id = "aud_added_" + tag, Kind = "test", Nonce = [1], Message = [2], Signature = [3], Passed = true, CreatedAt = DateTimeOffset.UnixEpoch };
            db.IdempotencyKeys.Add(plain);
            db.Indicia.Add(filled);
            db.Audits.Add(audit);

            await BulkInsert.Added(db, table => table == "audits", CancellationToken.None);
            var sqlite = kind == DatabaseKind.Sqlite;
            Assert.Equal(sqlite ? EntityState.Unchanged : EntityState.Added, db.Entry(plain).State);
            Assert.Equal(EntityState.Added, db.Entry(filled).State);
            Assert.Equal(EntityState.Added, db.Entry(audit).State);
            Assert.Equal(sqlite ? 1 : 0, await db.IdempotencyKeys.AsNoTracking().CountAsync(k => k.Scope == plain.Scope));

            await db.SaveChangesAsync();
            await tx.CommitAsync();
            return 0;
        });
        Assert.Equal(1, await App.WithDb(db => db.IdempotencyKeys.CountAsync(k => k.Scope == "psd_added_" + tag)));
        Assert.Equal("standard", await App.WithDb(db => db.Indicia.Where(i => i.Id == "ind_added_" + tag).Select(i => i.Variant).SingleAsync()));
        Assert.Equal(1, await App.WithDb(db => db.Audits.CountAsync(a => a.Id == "aud_added_" + tag)));
    }

    /// <summary>
    /// Sends a request with the device's register update armed to fail: it must fail (5xx), having reached that update.
    /// SQLite writes that update directly, past EF Core's interceptors (SqliteRowUpdates): there a trigger fails it, and
    /// only it — so a 5xx is that failure. PostgreSQL writes it in SaveChanges' batch, where the interceptor fails and counts it.
    /// </summary>
    private async Task FailingAtTheRegisterUpdate(string deviceId, Func<Task<HttpResponseMessage>> send)
    {
        var sqlite = kind == DatabaseKind.Sqlite;
        // DDL takes no parameters; the id is one Ibis made (letters and digits).
        if (sqlite)
#pragma warning disable EF1002
            await App.WithDb(db => db.Database.ExecuteSqlRawAsync(
                $"CREATE TRIGGER test_fails_register_update BEFORE UPDATE ON devices WHEN OLD.\"Id\" = '{deviceId}' BEGIN SELECT RAISE(ABORT, 'the test fails the register update'); END"));
#pragma warning restore EF1002
        else _failure.Device = deviceId;
        try
        {
            var failed = await send();
            Assert.True((int)failed.StatusCode >= 500, $"{(int)failed.StatusCode}: {await failed.Content.ReadAsStringAsync()}");
        }
        catch (InvalidOperationException e) when (e.Message.Contains("the test fails", StringComparison.Ordinal))
        {
            // The test host may hand the server's exception to the client instead of a 500.
        }
        finally
        {
            _failure.Device = null;
            if (sqlite) await App.WithDb(db => db.Database.ExecuteSqlRawAsync("DROP TRIGGER test_fails_register_update"));
        }
        Assert.True(sqlite || _failure.Failed > 0, "the register update was never reached");
    }

    /// <summary>Fails the statement that updates the armed device's registers (it follows the bulk insert).</summary>
    private sealed class FailingDeviceUpdate : DbCommandInterceptor
    {
        public volatile string? Device;
        public int Failed;

        private void Check(DbCommand command)
        {
            if (Device is { } id && System.Text.RegularExpressions.Regex.IsMatch(command.CommandText, @"UPDATE\s+""?devices""?\s+SET")
                && command.Parameters.Cast<DbParameter>().Any(p => Equals(p.Value, id)))
            {
                Interlocked.Increment(ref Failed);
                throw new InvalidOperationException("the test fails the register update");
            }
        }

        public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
        {
            Check(command);
            return result;
        }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Check(command);
            return ValueTask.FromResult(result);
        }

        public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
        {
            Check(command);
            return result;
        }

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            Check(command);
            return ValueTask.FromResult(result);
        }
    }
}

public sealed class SqliteBatchBulkInsertTests() : BatchBulkInsertTests(DatabaseKind.Sqlite);

public sealed class PostgresBatchBulkInsertTests() : BatchBulkInsertTests(DatabaseKind.Postgres);
