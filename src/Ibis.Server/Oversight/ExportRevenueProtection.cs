using System.Globalization;
using Ibis.Data;
using Ibis.Server.Auth;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Oversight;

/// <summary>A CSV export whose read is checked and logged: its file name, and what writes its lines to a stream.</summary>
public sealed record RevenueCsv(string FileName, Func<Stream, CancellationToken, Task> WriteTo);

/// <summary>
/// The revenue protection figures (§502.25(b), <see cref="ShowRevenueProtection"/>) as a CSV file: one line per
/// period and group, every group (not only the top ones). The read is logged (and the purpose checked) in the
/// command pipeline before the first byte, so a refusal is still a problem+json; the lines are then streamed as
/// the database returns them, ordered by group and day, so memory stays bounded however long the period.
/// </summary>
public sealed class ExportRevenueProtection(IbisDb db, CommandPipeline pipeline, TimeProvider clock)
{
    public async Task<RevenueCsv> Handle(Caller caller, RevenueQuery query, CancellationToken ct)
    {
        await pipeline.Run(caller, OversightReads.Access, ct =>
        {
            OversightReads.Log(db, caller, "revenue_protection_export", query.DeviceId ?? query.LicenseeId ?? query.ProviderId, query.Purpose, clock.GetUtcNow());
            return Task.FromResult(0);
        }, ct);
        return new RevenueCsv($"revenue-protection-{query.From:yyyy-MM-dd}-{query.To:yyyy-MM-dd}.csv", (output, ct) => WriteCsv(caller, query, output, ct));
    }

    private async Task WriteCsv(Caller caller, RevenueQuery query, Stream output, CancellationToken ct)
    {
        await using var writer = new StreamWriter(output, new System.Text.UTF8Encoding(false), bufferSize: 16 * 1024, leaveOpen: true) { NewLine = "\n" };
        await writer.WriteLineAsync($"period_start,granularity,{query.GroupBy}_id,provider_id,licensee_id,scanned,valid,duplicates,late,invalid,forgeries");
        var rows = RevenueTallies.GroupedByDay(RevenueTallies.Tallies(db, caller, query), query.GroupBy).AsAsyncEnumerable();
        (string Key, DateOnly Period, string Provider, string Licensee, ScanFigures Figures)? current = null;
        var lines = 0;
        await foreach (var r in rows.WithCancellation(ct))
        {
            var period = query.PeriodOf(r.Day);
            var figures = new ScanFigures(r.Scanned, r.Valid, r.Duplicates, r.Late, r.Invalid, r.Forgeries);
            if (current is { } c && c.Key == r.Key && c.Period == period)
            {
                current = c with { Figures = c.Figures.Plus(figures) };
                continue;
            }
            if (current is { } done) await Line(writer, query, done);
            current = (r.Key, period, r.ProviderId, r.LicenseeId, figures);
            if (++lines % 1000 == 0) await writer.FlushAsync(ct);
        }
        if (current is { } last) await Line(writer, query, last);
        await writer.FlushAsync(ct);
    }

    private static Task Line(StreamWriter w, RevenueQuery q, (string Key, DateOnly Period, string Provider, string Licensee, ScanFigures Figures) l)
    {
        var f = l.Figures;
        var provider = q.GroupBy == RevenueQuery.ByProvider ? l.Key : l.Provider;
        var licensee = q.GroupBy switch { RevenueQuery.ByProvider => "", RevenueQuery.ByLicensee => l.Key, _ => l.Licensee };
        return w.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{RevenueTallies.Day(l.Period)},{q.Granularity},{Csv(l.Key)},{Csv(provider)},{Csv(licensee)},{f.Scanned},{f.Valid},{f.Duplicates},{f.Late},{f.Invalid},{f.Forgeries}"));
    }

    // Ids are Ibis's own ("dev_…"); quoting keeps a stray comma or quote from breaking the file anyway.
    private static string Csv(string value) => value.IndexOfAny([',', '"', '\n', '\r']) < 0 ? value : "\"" + value.Replace("\"", "\"\"") + "\"";
}
