using System.Collections.Concurrent;
using System.Data.Common;
using System.Net;
using Ibis.Server.Tests.Infrastructure;
using Ibis.Server.Tests.Psd;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using Xunit.Abstractions;

namespace Ibis.Server.Tests.Indicia;

/// <summary>
/// The issuance hot path (issue 17): the database round trips of one <c>POST /v1/devices/{id}/indicia</c>,
/// counted by an EF Core interceptor (every command, and the commit). Counting is not timing: the test
/// fails when a change adds a round trip, and prints the statements so the next one can be cut.
/// </summary>
public abstract class PrintRoundTripTests(DatabaseKind kind, ITestOutputHelper output) : IDisposable
{
    /// <summary>
    /// Round trips of one single-piece print with warm caches, commit included. PostgreSQL: 3 — the device row
    /// locked by a FOR UPDATE sub-select and read with its license, newest records, standings and the answer kept
    /// under the Idempotency-Key in the same statement (the caller is admitted on that row, and the pieces are
    /// priced under the lock from the reference data in memory); the inserts and the register update in one
    /// batch; commit. A statement that waited for the lock reads the records from before the wait: the row then
    /// disagrees with them and they are read again (a fourth round trip, only under contention on one device;
    /// RegisterInvariantTests' concurrent prints take that path). SQLite: the read, the register update and the
    /// commit (the group commit's, on the writer connection, which EF Core does not see); the indicium and the kept answer go in on the writer connection's prepared
    /// INSERTs, untracked (BulkInsert.One: in process, no round trip, and cheaper than EF Core's change tracking),
    /// which no EF Core interceptor sees. Before issue 17's work the path made 12; 5 at stop 14, 4 at stop 15.
    /// </summary>
    private int SinglePrintBudget => 3;

    private readonly Counter _counter = new();
    private IbisApp? _app;

    // Cache lifetimes long enough that a slow machine does not let the warm entries expire between the two prints. No
    // background work: the request contexts are pooled, so a webhook dispatcher's poll can run on the very context
    // instance the print used a moment before, and would be counted as the print's.
    private IbisApp App => _app ??= new IbisApp(kind, settings: new Dictionary<string, string>
    {
        ["Ibis:Scheduler:Enabled"] = "false", ["Ibis:Webhooks:Enabled"] = "false",
        ["Ibis:Auth:ApiKeyCacheMilliseconds"] = "600000", ["Ibis:ReferenceCacheMilliseconds"] = "600000",
    })
    {
        ConfigureHost = b => b.ConfigureTestServices(s => s.AddSingleton<IInterceptor>(_counter)),
    };

    public void Dispose() => _app?.Dispose();

    private sealed class Counter : DbCommandInterceptor, IDbTransactionInterceptor
    {
        public volatile bool On;
        private readonly ConcurrentQueue<(DbContext? Context, string What)> _seen = new();

        /// <summary>
        /// The statements of the print's own DbContext (the one that updated the device row): the app's background
        /// services (webhook deliveries, the scheduler) use contexts of their own, and may run while the print does.
        /// </summary>
        public IReadOnlyList<string> Seen
        {
            get
            {
                var all = _seen.ToList();
                var print = all.FirstOrDefault(s => s.What.StartsWith("UPDATE \"devices\"", StringComparison.Ordinal) || s.What.StartsWith("UPDATE devices", StringComparison.Ordinal)).Context;
                return all.Where(s => print is null || ReferenceEquals(s.Context, print)).Select(s => s.What).ToList();
            }
        }

        private void Add(string what, DbContext? context)
        {
            if (On) _seen.Enqueue((context, what.ReplaceLineEndings(" ")));
        }

        public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
        {
            Add(command.CommandText, eventData.Context);
            return result;
        }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Add(command.CommandText, eventData.Context);
            return ValueTask.FromResult(result);
        }

        public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
        {
            Add(command.CommandText, eventData.Context);
            return result;
        }

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            Add(command.CommandText, eventData.Context);
            return ValueTask.FromResult(result);
        }

        public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
        {
            Add(command.CommandText, eventData.Context);
            return result;
        }

        public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
        {
            Add(command.CommandText, eventData.Context);
            return ValueTask.FromResult(result);
        }

        public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Add("COMMIT", eventData.Context);

        public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            Add("COMMIT", eventData.Context);
            return Task.CompletedTask;
        }
    }

    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task SinglePiecePrint_StaysWithinItsRoundTripBudget(bool withIdempotencyKey)
    {
        var who = await App.NewLicensee();
        var client = App.ClientFor(who.ApiKey);
        // Warm: the API key, the rate table, the schedule and the design are cached after the first print.
        Assert.Equal(HttpStatusCode.Created, (await client.Print(who.DeviceId)).StatusCode);

        var key = withIdempotencyKey ? "rt-" + Guid.NewGuid().ToString("N") : null;
        _counter.On = true;
        var response = await client.Print(who.DeviceId, key: key);
        _counter.On = false;
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        if (key is not null)
        {
            // The kept answer comes back from the same one read, with nothing printed again.
            var again = await client.Print(who.DeviceId, key: key);
            Assert.Equal(HttpStatusCode.Created, again.StatusCode);
            Assert.Equal(await response.Content.ReadAsStringAsync(), await again.Content.ReadAsStringAsync());
        }

        var seen = _counter.Seen;
        output.WriteLine($"{kind}: {seen.Count} round trips for one print (Idempotency-Key: {withIdempotencyKey})");
        foreach (var s in seen) output.WriteLine("  " + (s.Length > 160 ? s[..160] + "…" : s));
        Assert.True(seen.Count <= SinglePrintBudget, $"{seen.Count} round trips (budget {SinglePrintBudget}):\n{string.Join("\n", seen)}");
        if (kind == DatabaseKind.Sqlite)
            Assert.DoesNotContain(seen, s => s.StartsWith("INSERT", StringComparison.OrdinalIgnoreCase)); // BulkInsert.One, not EF Core
    }

    /// <summary>
    /// A batch of 50 costs the statements of a single print, whatever its size: its indicia go in by one bulk
    /// insert (binary COPY on PostgreSQL — one stream, which passes no EF Core interceptor and is not counted
    /// here; one prepared INSERT stepped per row in process on SQLite), never by an INSERT through EF Core.
    /// </summary>
    [SkippableFact]
    public async Task BatchPrint_RoundTripsDoNotGrowWithTheBatch()
    {
        var who = await App.NewLicensee();
        var client = App.ClientFor(who.ApiKey);
        var batch = new Dictionary<string, object> { ["pieces"] = Enumerable.Range(0, 50).Select(_ => PrintingTests.Letter(postage: "0.740", zip: null)).ToArray() };
        Assert.Equal(HttpStatusCode.Created, (await client.PostJson($"/v1/devices/{who.DeviceId}/indicia/batch", batch)).StatusCode);

        _counter.On = true;
        var response = await client.PostJson($"/v1/devices/{who.DeviceId}/indicia/batch", batch);
        _counter.On = false;
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);

        var seen = _counter.Seen;
        output.WriteLine($"{kind}: {seen.Count} round trips through EF Core for a batch of 50, and one bulk insert");
        foreach (var s in seen) output.WriteLine("  " + (s.Length > 160 ? s[..160] + "…" : s));
        Assert.DoesNotContain(seen, s => s.Contains("INSERT INTO indicia", StringComparison.OrdinalIgnoreCase) || s.Contains("INSERT INTO \"indicia\"", StringComparison.OrdinalIgnoreCase));
        Assert.True(seen.Count <= SinglePrintBudget, $"{seen.Count} round trips (budget {SinglePrintBudget} and the bulk insert):\n{string.Join("\n", seen)}");
    }
}

public sealed class SqlitePrintRoundTripTests(ITestOutputHelper output) : PrintRoundTripTests(DatabaseKind.Sqlite, output);

public sealed class PostgresPrintRoundTripTests(ITestOutputHelper output) : PrintRoundTripTests(DatabaseKind.Postgres, output);
