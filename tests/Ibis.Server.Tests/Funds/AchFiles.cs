using Ibis.Domain.Funds.Ach;
using Xunit;

namespace Ibis.Server.Tests.Funds;

/// <summary>The bank's side of the ACH round trip, as a test plays it: reading the debit file, writing a return file.</summary>
internal static class AchFiles
{
    /// <summary>Ibis:Payments settings of a live installation with the manual gateway and an ACH originator.</summary>
    public static Dictionary<string, string> ManualGateway(bool withOriginator = true)
    {
        var settings = new Dictionary<string, string> { ["Ibis:Payments:Gateway"] = "manual" };
        if (!withOriginator) return settings;
        settings["Ibis:Payments:Ach:DestinationRouting"] = "011000015";
        settings["Ibis:Payments:Ach:DestinationName"] = "FEDERAL RESERVE BANK";
        settings["Ibis:Payments:Ach:OdfiRouting"] = "021000021";
        settings["Ibis:Payments:Ach:CompanyId"] = "1123456789";
        settings["Ibis:Payments:Ach:CompanyName"] = "IBIS PROVIDER";
        return settings;
    }

    public static IReadOnlyList<NachaEntry> Entries(string file)
    {
        var read = NachaReader.Read(file);
        Assert.True(read.Success, read.ErrorMessage);
        return read.Value.Select(e => e.Entry).ToList();
    }

    /// <summary>The entry of a deposit in a debit file (its individual id is the deposit id's first 15 characters).</summary>
    public static NachaEntry EntryOf(string file, string depositId) =>
        Entries(file).Single(e => e.IndividualId == depositId[..15].ToUpperInvariant());

    /// <summary>A return file as the receiving bank sends it back: each named deposit's entry returned with a reason code.</summary>
    public static string Returns(string debitFile, params (string DepositId, string Code)[] returns)
    {
        var entries = returns.Select((r, i) =>
        {
            var original = EntryOf(debitFile, r.DepositId);
            return original with
            {
                TransactionCode = 26, // return of a checking debit
                TraceNumber = original.ReceivingRouting[..8] + (i + 1).ToString("D7", System.Globalization.CultureInfo.InvariantCulture),
                Return = new NachaReturn(r.Code, original.TraceNumber, original.ReceivingRouting[..8]),
            };
        }).ToList();
        var bank = new AchOriginator("021000021", "IBIS PROVIDER BANK", " 011000015", "RECEIVING BANK", "IBIS PROVIDER", "1123456789", "011000015");
        return NachaWriter.Write(bank, DateOnly.FromDateTime(DateTime.UtcNow), DateTimeOffset.UtcNow, [new NachaBatch(Nacha.Ccd, entries)]);
    }
}
