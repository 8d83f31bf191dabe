using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Domain.Rates;
using Ibis.Server.Api;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Rates;

/// <summary>
/// The price lists in the database. The table in force for a date of mailing is one indexed query
/// (latest effective date on or before it), so a table imported on any node — or one dated in the
/// future — applies from its date on every node with no restart (§502.22(b)). Stored tables never
/// change, so their parsed form is cached by id.
/// </summary>
public sealed class RateTables(IbisDb db, TimeProvider clock)
{
    private static readonly ConcurrentDictionary<string, RateTable> Parsed = new();

    /// <summary>The table in force on <paramref name="mailingDate"/>, with its id; rate_table_missing when none is.</summary>
    public async Task<(string Id, RateTable Table)> On(DateOnly mailingDate, CancellationToken ct)
    {
        // The id alone on the hot path; the document (kilobytes) is read once per node and table.
        var id = await db.RateTables.AsNoTracking()
            .Where(t => t.EffectiveOn <= mailingDate)
            .OrderByDescending(t => t.EffectiveOn)
            .Select(t => t.Id)
            .FirstOrDefaultAsync(ct);
        if (id is null)
            throw new BusinessRuleViolationException(new BrokenRule("rate_table_missing",
                $"no rate table is in force on {mailingDate:yyyy-MM-dd}; an operator must load one (P050 1.5)", "mailing_date"));
        if (Parsed.TryGetValue(id, out var cached)) return (id, cached);
        var document = await db.RateTables.AsNoTracking().Where(t => t.Id == id).Select(t => t.Document).FirstAsync(ct);
        return (id, Parse(id, document));
    }

    public static RateTable Parse(string id, string document) => Parsed.GetOrAdd(id, _ =>
        RateTableDocument.Parse(document).Table ?? throw new InvalidOperationException($"stored rate table {id} no longer parses"));

    /// <summary>Validates and stores a price list; problems are 400 with the JSON path, clashes 409.</summary>
    public async Task<RateTableRow> Import(string json, string importedBy, CancellationToken ct)
    {
        var parsed = RateTableDocument.Parse(json);
        if (!parsed.Success)
            throw new ApiException(400, parsed.Code!, parsed.Message!, parsed.Field ?? "body");
        var table = parsed.Table!;
        if (await db.RateTables.AnyAsync(t => t.Name == table.Name, ct))
            throw new ApiException(409, "rate_table_exists", $"a rate table named {table.Name} is already loaded; tables are never changed, so give the new price list a new name", "name");
        if (await db.RateTables.AnyAsync(t => t.EffectiveOn == table.Effective, ct))
            throw new ApiException(409, "rate_table_effective_date_taken", $"a rate table already takes effect on {table.Effective:yyyy-MM-dd}", "effective");
        var row = new RateTableRow
        {
            Id = Ids.New("rt"),
            Name = table.Name,
            EffectiveOn = table.Effective,
            Sample = table.Sample,
            Document = json,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json))),
            ImportedBy = importedBy,
            ImportedAt = clock.GetUtcNow(),
        };
        db.RateTables.Add(row);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another node stored a table with the same name or date between our check and insert.
            throw new ApiException(409, "rate_table_exists", $"a rate table named {table.Name} or effective on {table.Effective:yyyy-MM-dd} was loaded at the same time", "name");
        }
        return row;
    }

    /// <summary>Stores the built-in SAMPLE table on an empty database, so a fresh install can price pieces.</summary>
    public async Task SeedSample(CancellationToken ct)
    {
        if (await db.RateTables.AnyAsync(ct)) return;
        try
        {
            await Import(RateTableDocument.SampleJson(RateTableDocument.BuiltInSampleName), "ibis (built-in sample)", ct);
        }
        catch (ApiException e) when (e.Status == 409)
        {
            // Another node seeded it first.
        }
    }
}
