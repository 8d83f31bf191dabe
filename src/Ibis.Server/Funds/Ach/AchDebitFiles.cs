using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain.Funds;
using Ibis.Domain.Funds.Ach;
using Ibis.Security.Fields;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Funds.Ach;

/// <summary>
/// The provider's ACH debit file for an effective entry date (P050 3.5a: ACH debit is the Postal
/// Service's preferred way to fund the deposit account): every pending ACH debit deposit of its
/// live licensees not yet in a file, as a NACHA file the provider sends to its bank. The first
/// request for a date takes the deposits into that date's file (each gets its trace number, under
/// its account's lock); later requests for the same date rebuild the same file byte for byte, so a
/// download can be repeated but an entry is never sent twice. Deposits made later go into the file
/// of a later date. Account numbers stay encrypted in the database and are decrypted only here,
/// into the file; they are never logged.
/// </summary>
internal sealed class AchDebitFiles(IbisDb db, AccountTransaction accounts, FieldProtector fields, AchSettings settings, TimeProvider clock, CommandPipeline pipeline)
{
    /// <summary>Trace sequence: day of the year (3 digits) and the entry's number that day (4 digits).</summary>
    public const int MaxEntriesPerFile = 9999;

    public async Task<string> File(Caller caller, DateOnly effective, CancellationToken ct)
    {
        var providerId = AchAccess.Provider(caller, "the provider originates the ACH debits of its licensees");
        var originator = settings.Originator
            ?? throw new ApiException(409, "ach_originator_not_configured", "set Ibis:Payments:Ach:DestinationRouting, OdfiRouting, CompanyId and CompanyName to write ACH files");
        var filed = await Filed(providerId, effective, ct);
        if (filed.Count == 0)
        {
            if (effective < DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime))
                throw ApiException.Invalid("date_invalid", "the effective entry date of a new ACH file cannot be in the past", "date");
            await Claim(providerId, effective, originator, ct);
            filed = await Filed(providerId, effective, ct);
        }
        return await Write(originator, effective, filed, ct);
    }

    /// <summary>Live pending ACH debits of the provider's licensees, not yet in any file.</summary>
    private IQueryable<DepositRow> Live(string providerId) =>
        db.Deposits.Where(d => d.Method == PaymentMethod.AchDebit.Code
            && db.DepositAccounts.Any(a => a.Id == d.AccountId && db.Licensees.Any(l => l.Id == a.LicenseeId && l.ProviderId == providerId && !l.Sandbox)));

    private Task<List<DepositRow>> Filed(string providerId, DateOnly effective, CancellationToken ct)
    {
        var prefix = AchReference.Prefix(effective);
        return Live(providerId).AsNoTracking().Where(d => d.PaymentReference != null && d.PaymentReference.StartsWith(prefix)).ToListAsync(ct);
    }

    /// <summary>
    /// Gives each unfiled pending deposit its trace number, one account at a time in id order, in one transaction
    /// (the command pipeline's; a retry starts the numbering again).
    /// </summary>
    private Task Claim(string providerId, DateOnly effective, AchOriginator originator, CancellationToken ct) =>
        pipeline.Run(null, null, async ct =>
        {
            // One writer of a provider's files at a time: two first requests for a date must not both claim.
            if (db.IsPostgres) await db.Database.ExecuteSqlAsync($"SELECT 1 FROM providers WHERE \"Id\" = {providerId} FOR UPDATE", ct);
            if (await Live(providerId).AnyAsync(d => d.PaymentReference != null && d.PaymentReference.StartsWith(AchReference.Prefix(effective)), ct)) return false;
            var pending = await Live(providerId).AsNoTracking()
                .Where(d => d.Status == DepositStatus.Pending && (d.PaymentReference == null || !d.PaymentReference.StartsWith(AchReference.Scheme)))
                .Select(d => new { d.AccountId, d.Id, d.CreatedAt }).ToListAsync(ct);
            var chosen = pending.OrderBy(d => d.CreatedAt).ThenBy(d => d.Id).Take(MaxEntriesPerFile).ToList();
            var sequence = 0;
            var created = clock.GetUtcNow();
            foreach (var group in chosen.GroupBy(d => d.AccountId).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                var ids = group.Select(d => d.Id).ToHashSet();
                await accounts.Run(group.Key, IdempotentRequest.None, async (account, _) =>
                {
                    var rows = await db.Deposits.Where(d => d.AccountId == account.Id && ids.Contains(d.Id)).ToListAsync(ct);
                    foreach (var row in rows.Where(r => r.Status == DepositStatus.Pending && AchReference.Parse(r.PaymentReference) is null).OrderBy(r => r.CreatedAt).ThenBy(r => r.Id))
                    {
                        var trace = originator.OdfiRouting[..8] + effective.DayOfYear.ToString("D3", System.Globalization.CultureInfo.InvariantCulture)
                                    + (++sequence).ToString("D4", System.Globalization.CultureInfo.InvariantCulture);
                        row.PaymentReference = new AchReference(effective, trace, created).ToString();
                    }
                    return Outcome.Done(new { rows.Count });
                }, ct);
            }
            return true;
        }, ct);

    private async Task<string> Write(AchOriginator originator, DateOnly effective, List<DepositRow> filed, CancellationToken ct)
    {
        var accountIds = filed.Select(d => d.AccountId).Distinct().ToList();
        var names = await db.DepositAccounts.AsNoTracking().Where(a => accountIds.Contains(a.Id))
            .Join(db.Licensees, a => a.LicenseeId, l => l.Id, (a, l) => new { a.Id, l.Name }).ToDictionaryAsync(x => x.Id, x => x.Name, ct);
        var entries = new List<(string Sec, NachaEntry Entry)>();
        var created = DateTimeOffset.MinValue;
        foreach (var d in filed)
        {
            var reference = AchReference.Parse(d.PaymentReference)!;
            if (reference.FileCreated > created) created = reference.FileCreated;
            // Decrypted for this file only; the clear number lives in no row, view or log.
            var parts = fields.Unprotect(d.InstrumentEncrypted!, $"deposits/{d.Id}/instrument").Split(':');
            var sec = parts.Length > 2 ? parts[2] : Nacha.Ccd;
            entries.Add((sec, new NachaEntry(27, parts[0], parts[1], d.AmountMills / 10, d.Id[..15], names.GetValueOrDefault(d.AccountId, ""), reference.Trace)));
        }
        if (entries.Count == 0) created = clock.GetUtcNow();
        var batches = entries.GroupBy(e => e.Sec).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new NachaBatch(g.Key, g.Select(e => e.Entry).OrderBy(e => e.TraceNumber, StringComparer.Ordinal).ToList())).ToList();
        return NachaWriter.Write(originator, effective, created, batches);
    }
}
