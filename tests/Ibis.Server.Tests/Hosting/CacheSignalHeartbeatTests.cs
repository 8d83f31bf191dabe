using Ibis.Server.Auth;
using Ibis.Server.Tests.Infrastructure;
using Ibis.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Xunit;

namespace Ibis.Server.Tests.Hosting;

/// <summary>
/// Issue 17: a node keeps API keys for minutes only while its cache signal is current. A listening connection
/// that dies without a word — a partition, a hung server — sends no error and no notice, so it must stop
/// counting as current on its own, within the heartbeat's bound (well under the TCP keepalive's ten seconds);
/// and once the network is back the node listens again and forgets what it cached meanwhile.
/// </summary>
public sealed class CacheSignalHeartbeatTests
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(1);

    [SkippableFact]
    public async Task ASilentListeningConnection_StopsBeingCurrent_AndListensAgainWhenTheNetworkIsBack()
    {
        var direct = new NpgsqlConnectionStringBuilder(Requires.Postgres());
        await using var proxy = new FreezableProxy(direct.Host!, direct.Port);
        var viaProxy = new NpgsqlConnectionStringBuilder(direct.ConnectionString) { Host = "127.0.0.1", Port = proxy.Port }.ConnectionString;
        var generations = new TableGenerations();
        using var listener = new CacheSignalListener(viaProxy, generations, new CacheSignalOutbox(), NullLogger<CacheSignalListener>.Instance);
        await listener.StartAsync(default);
        try
        {
            await Until(() => listener.IsCurrent(Within), "the listener never became current");
            var before = generations.Of(ApiKeyCache.Table);

            // A notice from another connection is heard, and the signal stays current while the network is up.
            await using (var other = new NpgsqlConnection(direct.ConnectionString))
            {
                await other.OpenAsync();
                await using var notify = new NpgsqlCommand(CacheSignal.Notify([ApiKeyCache.Table]), other);
                await notify.ExecuteNonQueryAsync();
            }
            await Until(() => generations.Of(ApiKeyCache.Table) > before, "the notice was not heard");
            // Ten quiet seconds (25 heartbeats): current from answered heartbeats only. A heartbeat that waited for
            // ever (a wait of 0 ms means that to Npgsql) left it lapsed for good within seconds. Looked at with a
            // three-second bound, so a heartbeat late on a loaded machine does not count as a lapse.
            var quietUntil = DateTime.UtcNow.AddSeconds(10);
            var lapses = 0;
            while (DateTime.UtcNow < quietUntil)
            {
                if (!listener.IsCurrent(TimeSpan.FromSeconds(3))) lapses++;
                await Task.Delay(100);
            }
            Assert.True(lapses <= 20, $"not heard from for three seconds in {lapses} of ~100 looks over ten quiet seconds");

            // The network goes silent: no error reaches the listener, yet it stops counting as current.
            proxy.Freeze();
            await Until(() => !listener.IsCurrent(Within), "a silent connection still counted as current", TimeSpan.FromSeconds(5));
            // A heartbeat unanswered for its timeout (2 s) counts as a lost connection at once, however long the
            // driver then takes to give the connection up (its cancellation attempt can hang on the partition too).
            await Until(() => !listener.Listening, "the unanswered heartbeat did not count as a lost connection", TimeSpan.FromSeconds(15));
            var whileSilent = generations.Of(ApiKeyCache.Table);

            // Back: a new connection listens and clears the caches once, since notices sent meanwhile are gone.
            proxy.Thaw();
            await Until(() => listener.IsCurrent(Within), "the listener did not listen again", TimeSpan.FromSeconds(60));
            Assert.True(generations.Of(ApiKeyCache.Table) > whileSilent, "listening again raises every watched table");
        }
        finally
        {
            proxy.Thaw();
            await listener.StopAsync(default);
        }
    }

    private static async Task Until(Func<bool> condition, string failure, TimeSpan? bound = null)
    {
        var deadline = DateTime.UtcNow + (bound ?? TimeSpan.FromSeconds(30));
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, failure);
            await Task.Delay(50);
        }
    }
}
