namespace Ibis.Domain.Funds.Ach;

/// <summary>
/// Who originates the ACH entries (NACHA file header and batch header): the ODFI's routing number
/// and names, and the originating company's name and identification. Values are checked by
/// <see cref="NachaWriter"/>, which refuses what would not fit its field.
/// </summary>
/// <param name="DestinationRouting">Immediate destination: 9-digit routing number of the bank (or operator) that receives the file.</param>
/// <param name="DestinationName">Its name (23 characters at most).</param>
/// <param name="Origin">Immediate origin: 10 characters, usually "1" and the company's tax id, or a space and a routing number.</param>
/// <param name="OriginName">The originator's name (23 characters at most).</param>
/// <param name="CompanyName">Company name in the batch header (16 characters at most).</param>
/// <param name="CompanyId">Company identification (10 characters).</param>
/// <param name="OdfiRouting">9-digit routing number of the originating bank; its first 8 digits start every trace number.</param>
public sealed record AchOriginator(string DestinationRouting, string DestinationName, string Origin, string OriginName,
    string CompanyName, string CompanyId, string OdfiRouting);

/// <summary>
/// Addenda type 99 of a returned entry: the return reason code (R01 insufficient funds, R02 account
/// closed …), the trace number of the entry that was returned and that entry's receiving bank.
/// </summary>
public sealed record NachaReturn(string ReasonCode, string OriginalTrace, string OriginalReceivingDfi);

/// <summary>
/// One entry detail record (type 6). Amounts are whole cents: ACH moves cents, while Ibis counts
/// mills, so only deposits in whole cents are sent (<see cref="AchAmountRule"/>).
/// </summary>
/// <param name="TransactionCode">27 checking debit, 37 savings debit, 22/32 credits, 26/36 returned debits …</param>
/// <param name="ReceivingRouting">9-digit routing number of the receiving bank (8 digits and the check digit).</param>
/// <param name="AccountNumber">The receiver's account number, at most 17 characters.</param>
/// <param name="AmountCents">0 to 9,999,999,999 cents.</param>
/// <param name="IndividualId">Individual (or company) identification, at most 15 characters.</param>
/// <param name="IndividualName">Receiver's name, at most 22 characters (longer names are cut).</param>
/// <param name="TraceNumber">15 digits: the originating bank's 8 digits and a sequence number.</param>
public sealed record NachaEntry(int TransactionCode, string ReceivingRouting, string AccountNumber, long AmountCents, string IndividualId,
    string IndividualName, string TraceNumber)
{
    /// <summary>The return addenda (type 99) following this entry in a return file.</summary>
    public NachaReturn? Return { get; init; }

    /// <summary>Checking and savings debits (and their returns): the second digit of the code is 5 to 9.</summary>
    public bool IsDebit => TransactionCode % 10 >= 5;
}

/// <summary>An entry as read from a file, with the line it starts on (for error messages).</summary>
public sealed record NachaEntryAt(int Line, NachaEntry Entry);

/// <summary>One batch: entries of one Standard Entry Class — PPD (consumer accounts) or CCD (company accounts).</summary>
public sealed class NachaBatch(string secCode, IReadOnlyList<NachaEntry> entries)
{
    public string SecCode { get; } = secCode;

    public IReadOnlyList<NachaEntry> Entries { get; } = entries;
}

/// <summary>The record layout constants shared by <see cref="NachaWriter"/> and <see cref="NachaReader"/>.</summary>
public static class Nacha
{
    public const int RecordLength = 94;

    public const int BlockingFactor = 10;

    public const string Ppd = "PPD";

    public const string Ccd = "CCD";

    /// <summary>Entry hash: the sum of the receiving banks' 8-digit identifications, its rightmost 10 digits.</summary>
    public static long EntryHash(IEnumerable<NachaEntry> entries)
    {
        long sum = 0;
        foreach (var e in entries) sum = (sum + long.Parse(e.ReceivingRouting.AsSpan(0, 8), System.Globalization.CultureInfo.InvariantCulture)) % 10_000_000_000;
        return sum;
    }
}
