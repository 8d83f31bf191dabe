using System.Net;
using CsCheck;
using Ibis.Domain.Psd;
using Ibis.Server.Tests.Indicia;
using Ibis.Server.Tests.Infrastructure;
using Ibis.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Ibis.Server.Tests.Psd;

/// <summary>
/// Random sequences of print, batch print, reset, audit, clock advance and withdrawal against a
/// simple reference model of the PSD. After every step the invariants hold (AR + DR = control total
/// = sum of accepted resets, 0 ≤ DR ≤ cap, AR and piece count never decrease, deposit balance +
/// resets = deposits) and the implementation agrees with the model on every outcome.
/// </summary>
public abstract class PsdModelTests : IDisposable
{
    // Whole seconds: SQLite stores instants to 100 µs, so a deadline exactly 3 months on must compare equal in the model and the database.
    private readonly SettableClock _clock = new(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
    private readonly Lazy<IbisApp> _app;

    protected PsdModelTests(DatabaseKind kind) => _app = new(() => new IbisApp(kind, _clock));

    private IbisApp App => _app.Value;

    public void Dispose()
    {
        if (_app.IsValueCreated) _app.Value.Dispose();
        GC.SuppressFinalize(this);
    }

    private abstract record Op;
    private sealed record Print(long Mills) : Op;
    private sealed record BatchPrint(int Count, long Mills) : Op;
    private sealed record Reset(long Mills) : Op;
    private sealed record Audit : Op;
    private sealed record Advance(int Days) : Op;
    private sealed record Withdraw : Op;

    /// <summary>What the model predicts for the device.</summary>
    private sealed class Model
    {
        public long Ar, Dr = 100_000, Pieces, Balance = 900_000, Resets = 100_000, Refunded;
        public DateTimeOffset Deadline;
        public bool Withdrawn;
        public const long Cap = 500_000;
    }

    private static readonly Gen<Op> Ops = Gen.Frequency(
        (6, Gen.Long[740, 40_000].Select(m => (Op)new Print(m))),
        (2, Gen.Select(Gen.Int[1, 6], Gen.Long[740, 30_000]).Select(t => (Op)new BatchPrint(t.Item1, t.Item2))),
        (3, Gen.Long[1, 450_000].Select(m => (Op)new Reset(m))),
        (1, Gen.Const((Op)new Audit())),
        (2, Gen.Int[1, 60].Select(d => (Op)new Advance(d))),
        (1, Gen.Const((Op)new Withdraw())));

    [SkippableFact]
    public async Task RandomOperationSequences_MatchTheModel_AndKeepEveryInvariant()
    {
        await Ops.Array[1, 14].SampleAsync(async ops =>
        {
            var who = await App.NewLicensee();
            var client = App.ClientFor(who.ApiKey);
            var provider = App.Provider();
            var m = new Model { Deadline = _clock.GetUtcNow().AddMonths(3) };
            foreach (var op in ops)
            {
                var now = _clock.GetUtcNow();
                var today = now.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
                switch (op)
                {
                    case Print p:
                    {
                        var r = await client.PostJson($"/v1/devices/{who.DeviceId}/indicia", PrintingTests.Letter(postage: Mills(p.Mills), date: today, zip: null));
                        var expect = m.Withdrawn ? 422 : now > m.Deadline ? 422 : p.Mills > m.Dr ? 402 : 201;
                        Assert.Equal(expect, (int)r.StatusCode);
                        if (expect == 201) { m.Ar += p.Mills; m.Dr -= p.Mills; m.Pieces++; }
                        break;
                    }
                    case BatchPrint b:
                    {
                        var body = new Dictionary<string, object> { ["pieces"] = Enumerable.Range(0, b.Count).Select(_ => PrintingTests.Letter(postage: Mills(b.Mills), date: today, zip: null)).ToArray() };
                        var r = await client.PostJson($"/v1/devices/{who.DeviceId}/indicia/batch", body);
                        var total = b.Mills * b.Count;
                        var expect = m.Withdrawn ? 422 : now > m.Deadline ? 422 : total > m.Dr ? 402 : 201;
                        Assert.Equal(expect, (int)r.StatusCode);
                        if (expect == 201) { m.Ar += total; m.Dr -= total; m.Pieces += b.Count; }
                        break;
                    }
                    case Reset s:
                    {
                        var r = await client.Reset(who.DeviceId, Mills(s.Mills));
                        var expect = m.Withdrawn ? 422 : m.Dr + s.Mills > Model.Cap ? 422 : s.Mills > m.Balance ? 402 : 201;
                        Assert.Equal(expect, (int)r.StatusCode);
                        if (expect == 201) { m.Dr += s.Mills; m.Balance -= s.Mills; m.Resets += s.Mills; m.Deadline = now.AddMonths(3); }
                        break;
                    }
                    case Audit:
                    {
                        var r = await provider.PostRaw($"/v1/devices/{who.DeviceId}/audits", "");
                        Assert.Equal(m.Withdrawn ? 422 : 201, (int)r.StatusCode);
                        if (!m.Withdrawn) m.Deadline = now.AddMonths(3);
                        break;
                    }
                    case Advance a:
                        _clock.Advance(TimeSpan.FromDays(a.Days));
                        break;
                    case Withdraw:
                    {
                        var r = await provider.PostRaw($"/v1/devices/{who.DeviceId}/withdrawal", "");
                        Assert.Equal(m.Withdrawn ? 409 : 201, (int)r.StatusCode);
                        // §502.27(b): what is left in DR becomes a refund, certified at check-out and credited to the
                        // deposit account when the district coordinator approves it.
                        if (!m.Withdrawn)
                        {
                            var refundId = (string?)System.Text.Json.Nodes.JsonNode.Parse(await r.Content.ReadAsStringAsync())!["refund_id"];
                            if (m.Dr > 0)
                            {
                                Assert.NotNull(refundId);
                                var approved = await App.RefundCoordinator().PostAsync($"/v1/refunds/{refundId}/approval", null);
                                Assert.True(approved.IsSuccessStatusCode, await approved.Content.ReadAsStringAsync());
                            }
                            m.Balance += m.Dr; m.Refunded = m.Dr;
                        }
                        m.Withdrawn = true;
                        break;
                    }
                }
                await AssertMatches(who.DeviceId, who.LicenseeId, m);
            }
        }, iter: 8, threads: 1);
    }

    private async Task AssertMatches(string deviceId, string licenseeId, Model m)
    {
        await App.WithDb(async db =>
        {
            var d = await db.Devices.AsNoTracking().SingleAsync(x => x.Id == deviceId);
            var resets = await db.Resets.Where(r => r.DeviceId == deviceId).SumAsync(r => r.AmountMills);
            var printed = await db.Indicia.Where(i => i.DeviceId == deviceId).SumAsync(i => i.PostageMills);
            var pieces = await db.Indicia.CountAsync(i => i.DeviceId == deviceId);
            var balance = await db.DepositAccounts.Where(a => a.LicenseeId == licenseeId).SumAsync(a => a.BalanceMills);
            Assert.Equal((m.Ar, m.Dr, m.Pieces), (d.AscendingMills, d.DescendingMills, d.PieceCount));
            Assert.Equal(d.AscendingMills + d.DescendingMills, d.ControlTotalMills);
            Assert.Equal(resets, d.ControlTotalMills);
            Assert.Equal(m.Resets, resets);
            Assert.Equal(printed, d.AscendingMills);
            Assert.Equal(pieces, d.PieceCount);
            Assert.InRange(d.DescendingMills, 0, d.CapMills);
            Assert.Equal(1_000_000, balance + resets - m.Refunded); // $1,000 deposited; nothing lost, nothing minted
            Assert.Equal(m.Balance, balance);
            Assert.Equal(m.Withdrawn ? DeviceStatus.Withdrawn : DeviceStatus.InService, d.Status);
            return true;
        });
    }

    private static string Mills(long mills) => Domain.Money.Mills.FromMills(mills).ToString();
}

public sealed class SqlitePsdModelTests() : PsdModelTests(DatabaseKind.Sqlite);

public sealed class PostgresPsdModelTests() : PsdModelTests(DatabaseKind.Postgres);
