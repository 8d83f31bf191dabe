using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Ibis.Server.Tests.Crash;

/// <summary>What the database holds for the crash-tested device, read in one snapshot with raw SQL.</summary>
public sealed record StoreSnapshot(
    string DeviceId,
    string LicenseeId,
    string Status,
    string? LockReason,
    long Ascending,
    long Descending,
    long ControlTotal,
    long PieceCount,
    long ResetCount,
    long Cap,
    IReadOnlyList<(string Id, long PieceNumber, long Postage, long AscendingAfter, long DescendingAfter)> Indicia,
    IReadOnlyList<(string Id, long Sequence, long Amount, long ControlTotalAfter, string AccountId, long AccountBalanceAfter)> Resets,
    IReadOnlyList<(string Id, long Balance)> Accounts)
{
    public static async Task<StoreSnapshot> Read(Func<DbConnection> open, string deviceId)
    {
        await using var conn = open();
        await conn.OpenAsync();
        await using var tx = conn is SqliteConnection sqlite
            ? sqlite.BeginTransaction(deferred: true)
            : await conn.BeginTransactionAsync(IsolationLevel.RepeatableRead);

        string licenseeId, status;
        string? lockReason;
        long ar, dr, ct, pieces, resets, cap;
        await using (var cmd = Command(conn, tx, "SELECT \"LicenseeId\", \"Status\", \"LockReason\", \"AscendingMills\", \"DescendingMills\", \"ControlTotalMills\", \"PieceCount\", \"ResetCount\", \"CapMills\" FROM devices WHERE \"Id\" = @id", deviceId))
        await using (var r = await cmd.ExecuteReaderAsync())
        {
            if (!await r.ReadAsync()) throw new InvalidOperationException($"device {deviceId} is not in the database");
            licenseeId = r.GetString(0);
            status = r.GetString(1);
            lockReason = r.IsDBNull(2) ? null : r.GetString(2);
            (ar, dr, ct, pieces, resets, cap) = (r.GetInt64(3), r.GetInt64(4), r.GetInt64(5), r.GetInt64(6), r.GetInt64(7), r.GetInt64(8));
        }

        var indicia = new List<(string, long, long, long, long)>();
        await using (var cmd = Command(conn, tx, "SELECT \"Id\", \"PieceNumber\", \"PostageMills\", \"AscendingAfterMills\", \"DescendingAfterMills\" FROM indicia WHERE \"DeviceId\" = @id ORDER BY \"PieceNumber\", \"Id\"", deviceId))
        await using (var r = await cmd.ExecuteReaderAsync())
        {
            while (await r.ReadAsync()) indicia.Add((r.GetString(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3), r.GetInt64(4)));
        }

        var resetRows = new List<(string, long, long, long, string, long)>();
        await using (var cmd = Command(conn, tx, "SELECT \"Id\", \"Sequence\", \"AmountMills\", \"ControlTotalAfterMills\", \"AccountId\", \"AccountBalanceAfterMills\" FROM resets WHERE \"DeviceId\" = @id ORDER BY \"Sequence\", \"Id\"", deviceId))
        await using (var r = await cmd.ExecuteReaderAsync())
        {
            while (await r.ReadAsync()) resetRows.Add((r.GetString(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3), r.GetString(4), r.GetInt64(5)));
        }

        var accounts = new List<(string, long)>();
        await using (var cmd = Command(conn, tx, "SELECT \"Id\", \"BalanceMills\" FROM deposit_accounts WHERE \"LicenseeId\" = @id ORDER BY \"Id\"", licenseeId))
        await using (var r = await cmd.ExecuteReaderAsync())
        {
            while (await r.ReadAsync()) accounts.Add((r.GetString(0), r.GetInt64(1)));
        }
        await tx.CommitAsync();
        return new StoreSnapshot(deviceId, licenseeId, status, lockReason, ar, dr, ct, pieces, resets, cap, indicia, resetRows, accounts);
    }

    /// <summary>
    /// Every invariant of the registers and the deposit account (INV a–d), and exact agreement with
    /// the client's ledger: the acknowledged indicia and resets are exactly the ones stored.
    /// </summary>
    public IReadOnlyList<string> Violations(CrashLedger ledger, long initialDeposit, long initialReset)
    {
        var v = new List<string>();
        var m = (Func<long, string>)CrashLedger.Money;

        if (Status != "in_service") v.Add($"device is {Status} ({LockReason}), not in_service");
        if (Ascending + Descending != ControlTotal) v.Add($"AR {m(Ascending)} + DR {m(Descending)} != control total {m(ControlTotal)}");
        if (Descending < 0) v.Add($"DR {m(Descending)} < 0");
        if (Descending > Cap) v.Add($"DR {m(Descending)} > cap {m(Cap)}");

        // Indicia: AR is their postage; piece numbers 1..n; each AR-after is the running sum.
        var postage = Indicia.Sum(i => i.Postage);
        if (Ascending != postage) v.Add($"AR {m(Ascending)} != sum of indicia postage {m(postage)} (drift {m(Ascending - postage)})");
        if (PieceCount != Indicia.Count) v.Add($"piece count {PieceCount} != {Indicia.Count} indicia");
        var controlTotals = Resets.Select(r => r.ControlTotalAfter).ToHashSet();
        long running = 0;
        for (var k = 0; k < Indicia.Count; k++)
        {
            var i = Indicia[k];
            running += i.Postage;
            if (i.PieceNumber != k + 1) { v.Add($"piece numbers are not 1..n: position {k + 1} holds piece {i.PieceNumber} ({i.Id})"); break; }
            if (i.AscendingAfter != running) { v.Add($"piece {i.PieceNumber} ({i.Id}) has AR-after {m(i.AscendingAfter)}, running sum {m(running)}"); break; }
            if (!controlTotals.Contains(i.AscendingAfter + i.DescendingAfter)) { v.Add($"piece {i.PieceNumber} ({i.Id}): AR+DR after it {m(i.AscendingAfter + i.DescendingAfter)} is no reset's control total"); break; }
        }
        var duplicateIds = Indicia.GroupBy(i => i.Id).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (duplicateIds.Count > 0) v.Add($"indicium ids stored more than once: {string.Join(", ", duplicateIds.Take(10))}");

        // Resets: control total is their sum; sequence 1..n; each control-total-after is the running sum.
        var resetSum = Resets.Sum(r => r.Amount);
        if (ControlTotal != resetSum) v.Add($"control total {m(ControlTotal)} != sum of resets {m(resetSum)}");
        if (ResetCount != Resets.Count) v.Add($"reset count {ResetCount} != {Resets.Count} resets");
        running = 0;
        for (var k = 0; k < Resets.Count; k++)
        {
            var r = Resets[k];
            running += r.Amount;
            if (r.Sequence != k + 1) { v.Add($"reset sequences are not 1..n: position {k + 1} holds {r.Sequence} ({r.Id})"); break; }
            if (r.ControlTotalAfter != running) { v.Add($"reset {r.Sequence} ({r.Id}) has control-total-after {m(r.ControlTotalAfter)}, running sum {m(running)}"); break; }
        }

        // The deposit account: balance + everything it paid for resets = the initial deposit. Money drift $0.000.
        foreach (var (accountId, balance) in Accounts)
        {
            var paid = Resets.Where(r => r.AccountId == accountId).Sum(r => r.Amount);
            if (balance < 0) v.Add($"account {accountId} balance {m(balance)} < 0");
            if (balance + paid != initialDeposit) v.Add($"money drift on {accountId}: balance {m(balance)} + resets {m(paid)} = {m(balance + paid)}, deposited {m(initialDeposit)}");
            var last = Resets.Where(r => r.AccountId == accountId).OrderBy(r => r.Sequence).LastOrDefault();
            if (last.Id is not null && last.AccountBalanceAfter != balance) v.Add($"account {accountId} balance {m(balance)} != balance after the last reset {m(last.AccountBalanceAfter)}");
        }
        if (Accounts.Count == 0) v.Add($"licensee {LicenseeId} has no deposit account");

        // Exactly the acknowledged indicia, each once, with its piece number and postage.
        var stored = Indicia.GroupBy(i => i.Id).ToDictionary(g => g.Key, g => g.First());
        foreach (var ack in ledger.Indicia.Values)
        {
            if (!stored.TryGetValue(ack.Id, out var row)) { v.Add($"acknowledged indicium {ack.Id} (piece {ack.PieceNumber}, key {ack.Op.IdempotencyKey}) is missing"); continue; }
            if (row.PieceNumber != ack.PieceNumber) v.Add($"indicium {ack.Id} was acknowledged as piece {ack.PieceNumber}, stored as {row.PieceNumber}");
            if (row.Postage != ack.Op.Mills) v.Add($"indicium {ack.Id} was acknowledged with postage {m(ack.Op.Mills)}, stored with {m(row.Postage)}");
        }
        var orphans = stored.Keys.Where(id => !ledger.Indicia.ContainsKey(id)).ToList();
        if (orphans.Count > 0) v.Add($"{orphans.Count} stored indicia were never acknowledged to any request (duplicates or lost acknowledgements): {string.Join(", ", orphans.Take(10))}");

        // Exactly the acknowledged resets plus the sandbox's first one.
        var storedResets = Resets.GroupBy(r => r.Id).ToDictionary(g => g.Key, g => g.First());
        foreach (var ack in ledger.Resets.Values)
        {
            if (!storedResets.TryGetValue(ack.Id, out var row)) { v.Add($"acknowledged reset {ack.Id} (key {ack.Op.IdempotencyKey}) is missing"); continue; }
            if (row.Amount != ack.Op.Mills) v.Add($"reset {ack.Id} was acknowledged for {m(ack.Op.Mills)}, stored for {m(row.Amount)}");
        }
        var extraResets = Resets.Where(r => !ledger.Resets.ContainsKey(r.Id)).ToList();
        if (extraResets.Count != 1 || extraResets[0].Sequence != 1 || extraResets[0].Amount != initialReset)
            v.Add($"stored resets not acknowledged (expected only the sandbox's first reset of {m(initialReset)}): {string.Join(", ", extraResets.Select(r => $"{r.Id} #{r.Sequence} {m(r.Amount)}"))}");
        return v;
    }

    private static DbCommand Command(DbConnection conn, DbTransaction tx, string sql, string id)
    {
        var cmd = conn.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        var p = cmd.CreateParameter();
        p.ParameterName = "@id";
        p.Value = id;
        cmd.Parameters.Add(p);
        return cmd;
    }
}
