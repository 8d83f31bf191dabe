using System.Globalization;
using System.Text;

namespace Ibis.Domain.Funds.Ach;

/// <summary>
/// Writes a NACHA file: 94-character records — file header (1), per batch a batch header (5), its
/// entry details (6) each with its return addenda (7, type 99) if any, and a batch control (8) —
/// then the file control (9), padded with records of nines to a whole block of 10 records. Numbers
/// are right-justified with zeros, text left-justified with spaces, in upper case. The caller
/// checks its inputs; a value that does not fit its field is a bug and throws.
/// </summary>
public static class NachaWriter
{
    /// <param name="originator">The bank receiving the file and the company originating the entries.</param>
    /// <param name="effectiveDate">Effective entry date: the day the originator wants the entries settled.</param>
    /// <param name="createdAt">File creation date and time (written as YYMMDD and HHMM, in the offset given).</param>
    /// <param name="batches">The batches, one per Standard Entry Class, numbered from 1 in this order.</param>
    /// <param name="description">Company entry description the receiver sees on its statement (10 characters at most).</param>
    /// <param name="fileIdModifier">A–Z or 0–9: tells apart files of one day.</param>
    public static string Write(AchOriginator originator, DateOnly effectiveDate, DateTimeOffset createdAt, IReadOnlyList<NachaBatch> batches,
        string description = "POSTAGE", char fileIdModifier = 'A')
    {
        Check(originator);
        var records = new List<string>
        {
            Record('1', "01", " " + Digits(originator.DestinationRouting, 9, "destination routing"), Exact(originator.Origin, 10, "origin"),
                createdAt.ToString("yyMMdd", CultureInfo.InvariantCulture), createdAt.ToString("HHmm", CultureInfo.InvariantCulture),
                char.IsAsciiLetterUpper(fileIdModifier) || char.IsAsciiDigit(fileIdModifier) ? fileIdModifier.ToString() : throw new ArgumentException("file id modifier is A-Z or 0-9"),
                "094", "10", "1", Text(originator.DestinationName, 23), Text(originator.OriginName, 23), Text("", 8)),
        };
        long fileHash = 0, fileDebits = 0, fileCredits = 0, fileCount = 0;
        for (var b = 0; b < batches.Count; b++)
        {
            var batch = batches[b];
            if (batch.SecCode is not (Nacha.Ppd or Nacha.Ccd)) throw new ArgumentException($"SEC code {batch.SecCode} is not PPD or CCD");
            var serviceClass = batch.Entries.All(e => e.IsDebit) ? "225" : batch.Entries.All(e => !e.IsDebit) ? "220" : "200";
            var batchNumber = Number(b + 1, 7);
            var odfi = originator.OdfiRouting[..8];
            records.Add(Record('5', serviceClass, Text(originator.CompanyName, 16), Text("", 20), Exact(originator.CompanyId, 10, "company id"), batch.SecCode,
                Text(description, 10), Text("", 6), effectiveDate.ToString("yyMMdd", CultureInfo.InvariantCulture), Text("", 3), "1", odfi, batchNumber));
            long debits = 0, credits = 0, count = 0;
            foreach (var e in batch.Entries)
            {
                records.Add(Entry(e));
                count++;
                if (e.IsDebit) debits = checked(debits + e.AmountCents);
                else credits = checked(credits + e.AmountCents);
                if (e.Return is { } r)
                {
                    records.Add(Record('7', "99", ReasonCode(r.ReasonCode), Digits(r.OriginalTrace, 15, "original trace"), Text("", 6),
                        Digits(r.OriginalReceivingDfi, 8, "original receiving DFI"), Text("", 44), Digits(e.TraceNumber, 15, "trace")));
                    count++;
                }
            }
            var hash = Nacha.EntryHash(batch.Entries);
            records.Add(Record('8', serviceClass, Number(count, 6), Number(hash, 10), Number(debits, 12), Number(credits, 12),
                Exact(originator.CompanyId, 10, "company id"), Text("", 19), Text("", 6), odfi, batchNumber));
            fileHash = (fileHash + hash) % 10_000_000_000;
            fileDebits = checked(fileDebits + debits);
            fileCredits = checked(fileCredits + credits);
            fileCount += count;
        }
        var blocks = (records.Count + 1 + Nacha.BlockingFactor - 1) / Nacha.BlockingFactor;
        records.Add(Record('9', Number(batches.Count, 6), Number(blocks, 6), Number(fileCount, 8), Number(fileHash, 10),
            Number(fileDebits, 12), Number(fileCredits, 12), Text("", 39)));
        while (records.Count % Nacha.BlockingFactor != 0) records.Add(new string('9', Nacha.RecordLength));

        var sb = new StringBuilder(records.Count * (Nacha.RecordLength + 1));
        foreach (var r in records) sb.Append(r).Append('\n');
        return sb.ToString();
    }

    private static string Entry(NachaEntry e)
    {
        if (e.TransactionCode is < 20 or > 99) throw new ArgumentException($"transaction code {e.TransactionCode}");
        if (e.AmountCents is < 0 or > 9_999_999_999) throw new ArgumentException("an entry's amount is 0 to 9,999,999,999 cents");
        var routing = Digits(e.ReceivingRouting, 9, "receiving routing");
        if (e.AccountNumber.Length is 0 or > 17 || e.AccountNumber.Any(c => c is < ' ' or > '~')) throw new ArgumentException("account number is 1 to 17 characters");
        if (e.IndividualId.Length > 15) throw new ArgumentException("individual id is at most 15 characters");
        return Record('6', Number(e.TransactionCode, 2), routing[..8], routing[8..], Text(e.AccountNumber, 17), Number(e.AmountCents, 10),
            Text(e.IndividualId, 15), Text(e.IndividualName, 22), Text("", 2), e.Return is null ? "0" : "1", Digits(e.TraceNumber, 15, "trace"));
    }

    private static void Check(AchOriginator o)
    {
        Digits(o.DestinationRouting, 9, "destination routing");
        Digits(o.OdfiRouting, 9, "ODFI routing");
    }

    private static string Record(char type, params string[] fields)
    {
        var record = type + string.Concat(fields);
        return record.Length == Nacha.RecordLength ? record : throw new InvalidOperationException($"record {type} is {record.Length} characters, not {Nacha.RecordLength}");
    }

    private static string ReasonCode(string code) =>
        code.Length == 3 && code[0] == 'R' && char.IsAsciiDigit(code[1]) && char.IsAsciiDigit(code[2]) ? code : throw new ArgumentException($"return reason code {code}");

    /// <summary>Right-justified, zero-filled.</summary>
    private static string Number(long value, int width)
    {
        var s = value.ToString(CultureInfo.InvariantCulture);
        return value >= 0 && s.Length <= width ? s.PadLeft(width, '0') : throw new ArgumentException($"{value} does not fit {width} digits");
    }

    private static string Digits(string value, int width, string what) =>
        value.Length == width && value.All(char.IsAsciiDigit) ? value : throw new ArgumentException($"{what} is {width} digits");

    private static string Exact(string value, int width, string what) =>
        value.Length == width && value.All(c => c is >= ' ' and <= '~') ? value : throw new ArgumentException($"{what} is {width} characters");

    /// <summary>Upper-case printable ASCII, left-justified, space-filled, cut to the width (names may be long).</summary>
    private static string Text(string value, int width)
    {
        Span<char> field = stackalloc char[width];
        field.Fill(' ');
        var n = 0;
        foreach (var c in value.ToUpperInvariant())
        {
            if (n == width) break;
            field[n++] = c is >= ' ' and <= '~' ? c : ' ';
        }
        return new string(field);
    }
}
