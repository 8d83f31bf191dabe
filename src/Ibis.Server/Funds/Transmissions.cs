using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Domain.Money;
using Ibis.Server.Api;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Funds;

public sealed record TransmissionView(string Id, string Object, string Kind, int Version, string Subject, string ProviderId, string Sha256, JsonElement Body, DateTimeOffset CreatedAt)
{
    public static TransmissionView From(TransmissionRow t) => new(
        t.Id, "transmission", t.Kind, t.Version, t.Subject, t.ProviderId, t.Sha256, JsonDocument.Parse(t.Body).RootElement.Clone(), t.CreatedAt);
}

public sealed record ReconciliationView(string Object, string TransmissionId, string Subject, bool Matches, int Records, MoneyView TransmittedTotal, MoneyView LedgerTotal, IReadOnlyList<string> Differences);

/// <summary>
/// What the provider transmits to the Postal Service (DESIGN §1): immutable, versioned JSON
/// documents with their SHA-256. A second transmission of the same subject is a new version.
/// </summary>
public sealed class Transmissions
{
    public TransmissionRow Add(IbisDb db, string kind, string subject, string providerId, DateTimeOffset now, object body)
    {
        var version = db.Transmissions.Local.Count(t => t.Kind == kind && t.Subject == subject && t.ProviderId == providerId)
                      + db.Transmissions.Count(t => t.Kind == kind && t.Subject == subject && t.ProviderId == providerId) + 1;
        return Add(db, kind, subject, providerId, now, body, version);
    }

    /// <summary>
    /// The first transmission of a subject made in the caller's transaction (a device audit just recorded under a new
    /// id): version 1, with nothing to count (issue 17: the audit transmitted within every reset).
    /// </summary>
    public TransmissionRow AddFirst(IbisDb db, string kind, string newSubject, string providerId, DateTimeOffset now, object body) =>
        Add(db, kind, newSubject, providerId, now, body, version: 1);

    private static TransmissionRow Add(IbisDb db, string kind, string subject, string providerId, DateTimeOffset now, object body, int version)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(body);
        var row = new TransmissionRow
        {
            Id = Ids.Ordered("trm", now), Kind = kind, Version = version, Subject = subject, ProviderId = providerId, Body = bytes,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)), CreatedAt = now,
        };
        db.Transmissions.Add(row);
        return row;
    }
}

/// <summary>
/// §502.20(m): each day the provider transmits one record per postage value download (reset) to the
/// Postal Service, which reconciles the file against the deposit ledger and flags every difference.
/// </summary>
public sealed class DailyFinancialTransactions(IbisDb db, Transmissions transmissions, TimeProvider clock)
{
    public const string Kind = "daily_financial_transactions";

    public async Task<TransmissionRow> Transmit(string providerId, DateOnly day, CancellationToken ct)
    {
        var resets = await ResetsOf(providerId, day, ct);
        var body = new Dictionary<string, object?>
        {
            ["type"] = "ibis.daily_financial_transactions.v1",
            ["provider_id"] = providerId,
            ["date"] = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["count"] = resets.Count,
            ["total"] = Mills.FromMills(resets.Sum(r => r.AmountMills)).ToString(),
            ["records"] = resets.Select(r => new Dictionary<string, object?>
            {
                ["reset_id"] = r.Id,
                ["device_id"] = r.DeviceId,
                ["account_id"] = r.AccountId,
                ["sequence"] = r.Sequence,
                ["amount"] = Mills.FromMills(r.AmountMills).ToString(),
                ["at"] = r.CreatedAt.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
            }).ToList(),
        };
        var row = transmissions.Add(db, Kind, body["date"]!.ToString()!, providerId, clock.GetUtcNow(), body);
        await db.SaveChangesAsync(ct);
        return row;
    }

    /// <summary>The postal side: checks the document's hash, then every record against the ledger, both ways.</summary>
    public async Task<ReconciliationView> Reconcile(TransmissionRow t, CancellationToken ct)
    {
        var differences = new List<string>();
        if (Convert.ToHexStringLower(SHA256.HashData(t.Body)) != t.Sha256)
            differences.Add("the document does not match its SHA-256: it was altered after transmission");
        List<(string ResetId, long Amount)> records = [];
        DateOnly day = default;
        try
        {
            using var doc = JsonDocument.Parse(t.Body);
            day = DateOnly.ParseExact(doc.RootElement.GetProperty("date").GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture);
            foreach (var r in doc.RootElement.GetProperty("records").EnumerateArray())
            {
                var amount = Mills.ParseDollars(r.GetProperty("amount").GetString());
                records.Add((r.GetProperty("reset_id").GetString() ?? "", amount.Success ? amount.Value.Value : -1));
            }
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or FormatException or InvalidOperationException)
        {
            differences.Add("the document is not a readable daily financial transactions file: " + e.Message);
            return new ReconciliationView("reconciliation", t.Id, t.Subject, false, 0, MoneyView.Of(Mills.Zero), MoneyView.Of(Mills.Zero), differences);
        }

        // The deposit ledger's reset debits for the provider's accounts that day.
        var ledger = (await LedgerResets(t.ProviderId, day, ct)).ToDictionary(x => x.CauseId, x => x.Amount);
        foreach (var (resetId, amount) in records)
        {
            if (!ledger.TryGetValue(resetId, out var booked)) differences.Add($"{resetId}: transmitted but not in the deposit ledger");
            else if (booked != amount) differences.Add($"{resetId}: transmitted {Mills.FromMills(amount)} but the ledger debited {Mills.FromMills(booked)}");
        }
        foreach (var missing in ledger.Keys.Except(records.Select(r => r.ResetId)))
            differences.Add($"{missing}: in the deposit ledger but missing from the transmission");
        var transmitted = records.Sum(r => Math.Max(0, r.Amount));
        return new ReconciliationView("reconciliation", t.Id, t.Subject, differences.Count == 0, records.Count,
            MoneyView.OfMills(transmitted), MoneyView.OfMills(ledger.Values.Sum()), differences);
    }

    private async Task<List<ResetRow>> ResetsOf(string providerId, DateOnly day, CancellationToken ct)
    {
        var (from, to) = Bounds(day);
        var devices = db.Devices.Where(d => d.ProviderId == providerId).Select(d => d.Id);
        return await db.Resets.AsNoTracking().Where(r => devices.Contains(r.DeviceId) && r.CreatedAt >= from && r.CreatedAt < to)
            .OrderBy(r => r.Id).ToListAsync(ct);
    }

    private async Task<List<(string CauseId, long Amount)>> LedgerResets(string providerId, DateOnly day, CancellationToken ct)
    {
        var (from, to) = Bounds(day);
        var accounts = db.DepositAccounts.Where(a => db.Licensees.Any(l => l.Id == a.LicenseeId && l.ProviderId == providerId)).Select(a => a.Id);
        var lines = await db.Ledger.AsNoTracking()
            .Where(e => accounts.Contains(e.AccountId) && e.Cause == "reset" && e.Book == Books.Deposit && e.CreatedAt >= from && e.CreatedAt < to)
            .Select(e => new { e.CauseId, e.AmountMills }).ToListAsync(ct);
        return lines.Select(l => (l.CauseId, -l.AmountMills)).ToList();
    }

    private static (DateTimeOffset From, DateTimeOffset To) Bounds(DateOnly day)
    {
        var from = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        return (from, from.AddDays(1));
    }
}

/// <summary>
/// The transmissions a caller may read, newest first: a provider its own; the Postal Service and its auditors
/// every provider's of their own mode (issue 11 item 12: one mode's records only).
/// </summary>
public sealed class ListTransmissions(IbisDb db)
{
    public async Task<IReadOnlyList<TransmissionRow>> Run(Auth.Caller caller, int limit, CancellationToken ct)
    {
        var query = db.Transmissions.AsNoTracking();
        query = caller.Role == Auth.Caller.ProviderRole
            ? query.Where(t => t.ProviderId == caller.ProviderId)
            : query.Where(t => db.Providers.Any(p => p.Id == t.ProviderId && p.Sandbox == caller.IsSandbox));
        return await query.OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id).Take(limit).ToListAsync(ct);
    }
}
