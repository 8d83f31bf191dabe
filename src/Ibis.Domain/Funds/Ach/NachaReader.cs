using System.Globalization;

namespace Ibis.Domain.Funds.Ach;

/// <summary>
/// Reads a NACHA file from a bank — in Ibis, the return file: entry details (6) each followed by an
/// addenda type 99 naming the return reason and the original entry's trace number. The bytes are
/// untrusted, so every problem is a result, never an exception: records of 94 characters, record
/// types in file order (1, then batches 5 6 [7] … 8, then 9 and padding nines), digits where digits
/// belong, and the batch and file controls (counts, entry hash, debit and credit totals) must agree
/// with the entries.
/// </summary>
public static class NachaReader
{
    public const string InvalidCode = "ach_file_invalid";

    public static ParseResult<IReadOnlyList<NachaEntryAt>> Read(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var count = lines.Length;
        while (count > 0 && lines[count - 1].Length == 0) count--;
        if (count == 0) return Fail(0, "the file is empty");
        for (var i = 0; i < count; i++)
        {
            if (lines[i].Length != Nacha.RecordLength) return Fail(i + 1, $"a record is {Nacha.RecordLength} characters, this one {lines[i].Length}");
            if (lines[i].Any(c => c is < ' ' or > '~')) return Fail(i + 1, "a record holds printable ASCII only");
        }
        if (lines[0][0] != '1') return Fail(1, "the file starts with a file header (record type 1)");
        if (count % Nacha.BlockingFactor != 0) return Fail(count, $"the file has {count} records, not a whole number of blocks of {Nacha.BlockingFactor}");

        var entries = new List<NachaEntryAt>();
        var i2 = 1;
        long fileHash = 0, fileDebits = 0, fileCredits = 0, fileCount = 0, batches = 0;
        while (i2 < count && lines[i2][0] == '5')
        {
            var header = lines[i2];
            var batchEntries = new List<NachaEntry>();
            long debits = 0, credits = 0, recordCount = 0;
            i2++;
            while (i2 < count && lines[i2][0] == '6')
            {
                var line = i2 + 1;
                var r = lines[i2];
                if (!Long(r, 2, 2, out var code) || !Long(r, 4, 9, out _) || !Long(r, 30, 10, out var amount) || !Long(r, 80, 15, out _))
                    return Fail(line, "transaction code (2–3), receiving bank (4–12), amount (30–39) and trace number (80–94) are digits");
                var entry = new NachaEntry((int)code, r[3..12], r[12..29].TrimEnd(), amount, r[39..54].TrimEnd(), r[54..76].TrimEnd(), r[79..94]);
                recordCount++;
                i2++;
                if (r[78] == '1')
                {
                    if (i2 >= count || lines[i2][0] != '7') return Fail(line, "the addenda indicator (79) is 1 but no addenda record follows");
                    var a = lines[i2];
                    if (a[1..3] == "99")
                    {
                        if (a[3] != 'R' || !char.IsAsciiDigit(a[4]) || !char.IsAsciiDigit(a[5])) return Fail(i2 + 1, "the return reason code (4–6) is R and two digits");
                        if (!Long(a, 7, 15, out _) || !Long(a, 28, 8, out _)) return Fail(i2 + 1, "the original trace number (7–21) and receiving bank (28–35) are digits");
                        if (a[79..94] != entry.TraceNumber) return Fail(i2 + 1, "the addenda's trace number (80–94) is not its entry's");
                        entry = entry with { Return = new NachaReturn(a[3..6], a[6..21], a[27..35]) };
                    }
                    recordCount++;
                    i2++;
                }
                else if (r[78] != '0') return Fail(line, "the addenda indicator (79) is 0 or 1");
                if (entry.IsDebit) debits += amount;
                else credits += amount;
                batchEntries.Add(entry);
                entries.Add(new NachaEntryAt(line, entry));
            }
            if (i2 >= count || lines[i2][0] != '8') return Fail(Math.Min(i2, count - 1) + 1, "a batch ends with a batch control record (type 8)");
            var control = lines[i2];
            var hash = Nacha.EntryHash(batchEntries);
            if (!Long(control, 5, 6, out var cCount) || cCount != recordCount) return Fail(i2 + 1, $"the batch control's entry/addenda count (5–10) is not {recordCount}");
            if (!Long(control, 11, 10, out var cHash) || cHash != hash) return Fail(i2 + 1, $"the batch control's entry hash (11–20) is not {hash:D10}");
            if (!Long(control, 21, 12, out var cDebits) || cDebits != debits) return Fail(i2 + 1, $"the batch control's total debits (21–32) are not {debits:D12}");
            if (!Long(control, 33, 12, out var cCredits) || cCredits != credits) return Fail(i2 + 1, $"the batch control's total credits (33–44) are not {credits:D12}");
            if (control[1..4] != header[1..4]) return Fail(i2 + 1, "the batch control's service class (2–4) is not its header's");
            fileHash = (fileHash + hash) % 10_000_000_000;
            fileDebits += debits;
            fileCredits += credits;
            fileCount += recordCount;
            batches++;
            i2++;
        }
        if (i2 >= count || lines[i2][0] != '9') return Fail(Math.Min(i2, count - 1) + 1, "after the batches comes the file control record (type 9)");
        var file = lines[i2];
        if (!Long(file, 2, 6, out var fBatches) || fBatches != batches) return Fail(i2 + 1, $"the file control's batch count (2–7) is not {batches}");
        if (!Long(file, 8, 6, out var fBlocks) || fBlocks != count / Nacha.BlockingFactor) return Fail(i2 + 1, $"the file control's block count (8–13) is not {count / Nacha.BlockingFactor}");
        if (!Long(file, 14, 8, out var fCount) || fCount != fileCount) return Fail(i2 + 1, $"the file control's entry/addenda count (14–21) is not {fileCount}");
        if (!Long(file, 22, 10, out var fHash) || fHash != fileHash) return Fail(i2 + 1, $"the file control's entry hash (22–31) is not {fileHash:D10}");
        if (!Long(file, 32, 12, out var fDebits) || fDebits != fileDebits) return Fail(i2 + 1, $"the file control's total debits (32–43) are not {fileDebits:D12}");
        if (!Long(file, 44, 12, out var fCredits) || fCredits != fileCredits) return Fail(i2 + 1, $"the file control's total credits (44–55) are not {fileCredits:D12}");
        for (var p = i2 + 1; p < count; p++)
            if (lines[p].Any(c => c != '9')) return Fail(p + 1, "only padding records of nines follow the file control");
        return ParseResult<IReadOnlyList<NachaEntryAt>>.Ok(entries);
    }

    /// <summary>Digits at 1-based <paramref name="position"/>, <paramref name="width"/> long.</summary>
    private static bool Long(string record, int position, int width, out long value) =>
        long.TryParse(record.AsSpan(position - 1, width), NumberStyles.None, CultureInfo.InvariantCulture, out value);

    private static ParseResult<IReadOnlyList<NachaEntryAt>> Fail(int line, string message) =>
        ParseResult<IReadOnlyList<NachaEntryAt>>.Fail(InvalidCode, line == 0 ? message : $"line {line}: {message}");
}
