using Ibis.Domain.Funds.Ach;
using Xunit;

namespace Ibis.Domain.Tests.Funds;

/// <summary>
/// The NACHA debit file of P050 3.5a's preferred payment form (ACH debit): record layout field by
/// field, padding to blocks of ten, entry hash and totals.
/// </summary>
public sealed class NachaWriterTests
{
    internal static readonly AchOriginator Originator = new("011000015", "FEDERAL RESERVE BANK", "1123456789", "Ibis Provider", "IBIS POSTAGE", "1123456789", "021000021");

    private static readonly DateOnly Effective = new(2026, 12, 7);
    private static readonly DateTimeOffset Created = new(2026, 12, 5, 9, 41, 0, TimeSpan.Zero);

    internal static NachaEntry Debit(string routing, long cents, string trace, string account = "123456789", string id = "dep_abcdefghijk", string name = "Acme Mailing Co") =>
        new(27, routing, account, cents, id, name, trace);

    private static string[] Records(string file)
    {
        Assert.EndsWith("\n", file);
        return file[..^1].Split('\n');
    }

    private static string Field(string record, int from, int to) => record[(from - 1)..to];

    [Fact]
    public void EveryRecord_IsAt94Characters_InFileOrder_PaddedWithNinesToABlock()
    {
        var file = NachaWriter.Write(Originator, Effective, Created,
            [new NachaBatch(Nacha.Ccd, [Debit("011000015", 25_000, "021000213410001"), Debit("231380104", 1_234_567, "021000213410002")])]);
        var records = Records(file);
        Assert.All(records, r => Assert.Equal(94, r.Length));
        Assert.Equal(10, records.Length);
        Assert.Equal("156689", string.Concat(records.Take(6).Select(r => r[0])));
        Assert.All(records.Skip(6), r => Assert.Equal(new string('9', 94), r));
    }

    [Fact]
    public void FileHeader_Fields()
    {
        var h = Records(NachaWriter.Write(Originator, Effective, Created, []))[0];
        Assert.Equal("1", Field(h, 1, 1));
        Assert.Equal("01", Field(h, 2, 3));
        Assert.Equal(" 011000015", Field(h, 4, 13));     // immediate destination: space and routing
        Assert.Equal("1123456789", Field(h, 14, 23));     // immediate origin
        Assert.Equal("261205", Field(h, 24, 29));         // creation date YYMMDD
        Assert.Equal("0941", Field(h, 30, 33));           // creation time HHMM
        Assert.Equal("A", Field(h, 34, 34));
        Assert.Equal("094", Field(h, 35, 37));            // record size
        Assert.Equal("10", Field(h, 38, 39));             // blocking factor
        Assert.Equal("1", Field(h, 40, 40));              // format code
        Assert.Equal("FEDERAL RESERVE BANK   ", Field(h, 41, 63));
        Assert.Equal("IBIS PROVIDER          ", Field(h, 64, 86));
        Assert.Equal("        ", Field(h, 87, 94));
    }

    [Fact]
    public void BatchHeader_EntryDetail_AndBatchControl_Fields()
    {
        var records = Records(NachaWriter.Write(Originator, Effective, Created,
            [new NachaBatch(Nacha.Ppd, [Debit("231380104", 1_234_567, "021000213410001", account: "00987654321", id: "dep_qrstuvwxyz2", name: "A VERY LONG LICENSEE NAME THAT IS CUT")])]));
        var b = records[1];
        Assert.Equal("5", Field(b, 1, 1));
        Assert.Equal("225", Field(b, 2, 4));              // debits only
        Assert.Equal("IBIS POSTAGE    ", Field(b, 5, 20));
        Assert.Equal(new string(' ', 20), Field(b, 21, 40));
        Assert.Equal("1123456789", Field(b, 41, 50));
        Assert.Equal("PPD", Field(b, 51, 53));
        Assert.Equal("POSTAGE   ", Field(b, 54, 63));
        Assert.Equal("261207", Field(b, 70, 75));         // effective entry date
        Assert.Equal("   ", Field(b, 76, 78));            // settlement date: the ACH operator's
        Assert.Equal("1", Field(b, 79, 79));
        Assert.Equal("02100002", Field(b, 80, 87));       // ODFI: 8 digits of its routing number
        Assert.Equal("0000001", Field(b, 88, 94));

        var e = records[2];
        Assert.Equal("6", Field(e, 1, 1));
        Assert.Equal("27", Field(e, 2, 3));               // checking debit
        Assert.Equal("23138010", Field(e, 4, 11));
        Assert.Equal("4", Field(e, 12, 12));              // check digit
        Assert.Equal("00987654321      ", Field(e, 13, 29));
        Assert.Equal("0001234567", Field(e, 30, 39));     // cents
        Assert.Equal("DEP_QRSTUVWXYZ2", Field(e, 40, 54));
        Assert.Equal("A VERY LONG LICENSEE N", Field(e, 55, 76));
        Assert.Equal("  ", Field(e, 77, 78));
        Assert.Equal("0", Field(e, 79, 79));              // no addenda
        Assert.Equal("021000213410001", Field(e, 80, 94));

        var c = records[3];
        Assert.Equal("8", Field(c, 1, 1));
        Assert.Equal("225", Field(c, 2, 4));
        Assert.Equal("000001", Field(c, 5, 10));
        Assert.Equal("0023138010", Field(c, 11, 20));
        Assert.Equal("000001234567", Field(c, 21, 32));
        Assert.Equal("000000000000", Field(c, 33, 44));
        Assert.Equal("1123456789", Field(c, 45, 54));
        Assert.Equal(new string(' ', 25), Field(c, 55, 79));
        Assert.Equal("02100002", Field(c, 80, 87));
        Assert.Equal("0000001", Field(c, 88, 94));
    }

    [Fact]
    public void FileControl_TotalsEveryBatch()
    {
        var records = Records(NachaWriter.Write(Originator, Effective, Created,
        [
            new NachaBatch(Nacha.Ccd, [Debit("011000015", 100, "021000213410001"), Debit("011000015", 250, "021000213410002")]),
            new NachaBatch(Nacha.Ppd, [Debit("231380104", 5, "021000213410003")]),
        ]));
        Assert.Equal("0000002", Field(records[5], 88, 94)); // second batch is numbered 2
        var f = records[8];
        Assert.Equal("9", Field(f, 1, 1));
        Assert.Equal("000002", Field(f, 2, 7));           // batches
        Assert.Equal("000001", Field(f, 8, 13));          // blocks
        Assert.Equal("00000003", Field(f, 14, 21));       // entries and addenda
        Assert.Equal("0025338012", Field(f, 22, 31));     // 01100001 + 01100001 + 23138010
        Assert.Equal("000000000355", Field(f, 32, 43));
        Assert.Equal("000000000000", Field(f, 44, 55));
        Assert.Equal(new string(' ', 39), Field(f, 56, 94));
    }

    public static TheoryData<int, int> Padding => new()
    {
        // entries → records after padding (header, batch header, entries, batch control, file control)
        { 1, 10 },
        { 5, 10 },
        { 6, 10 },  // exactly one block: no padding record
        { 7, 20 },
        { 16, 20 },
        { 17, 30 },
    };

    [Theory]
    [MemberData(nameof(Padding))]
    public void Padding_MakesWholeBlocksOfTen_AndTheBlockCountAgrees(int entries, int records)
    {
        var list = Enumerable.Range(1, entries).Select(i => Debit("011000015", i, $"0210002134{i:D5}")).ToList();
        var lines = Records(NachaWriter.Write(Originator, Effective, Created, [new NachaBatch(Nacha.Ccd, list)]));
        Assert.Equal(records, lines.Length);
        var control = lines.Single(l => l[0] == '9' && l != new string('9', 94));
        Assert.Equal((records / 10).ToString("D6", System.Globalization.CultureInfo.InvariantCulture), Field(control, 8, 13));
        Assert.Equal(records - entries - 4, lines.Count(l => l == new string('9', 94)));
    }

    [Fact]
    public void AnEmptyFile_IsAHeaderAControlAndPadding()
    {
        var lines = Records(NachaWriter.Write(Originator, Effective, Created, []));
        Assert.Equal(10, lines.Length);
        // No batch, one block, no entry, hash 0, no debit, no credit.
        Assert.Equal("9" + "000000" + "000001" + "00000000" + "0000000000" + "000000000000" + "000000000000", lines[1][..55]);
    }

    public static TheoryData<string[], long> Hashes => new()
    {
        { ["011000015"], 1_100_001 },
        { ["011000015", "231380104"], 24_238_011 },
        // Only the rightmost 10 digits of the sum: 101 × 99,999,999 = 10,099,999,899.
        { Enumerable.Repeat("999999999", 101).ToArray(), 99_999_899 },
    };

    [Theory]
    [MemberData(nameof(Hashes))]
    public void EntryHash_SumsTheReceivingBanks_KeepingTenDigits(string[] routings, long hash)
    {
        Assert.Equal(hash, Nacha.EntryHash(routings.Select((r, i) => Debit(r, 1, $"0210002134{i:D5}"))));
    }

    [Fact]
    public void ReturnAddenda_FollowsItsEntry_AndCounts()
    {
        var returned = Debit("011000015", 2_500, "011000010000007") with { TransactionCode = 26, Return = new NachaReturn("R01", "021000213410001", "01100001") };
        var lines = Records(NachaWriter.Write(Originator, Effective, Created, [new NachaBatch(Nacha.Ccd, [returned])]));
        Assert.Equal("1", Field(lines[2], 79, 79));
        var a = lines[3];
        Assert.Equal("799R01021000213410001", Field(a, 1, 21));
        Assert.Equal("      ", Field(a, 22, 27));
        Assert.Equal("01100001", Field(a, 28, 35));
        Assert.Equal("011000010000007", Field(a, 80, 94));
        Assert.Equal("000002", Field(lines[4], 5, 10)); // the entry and its addenda
    }

    public static TheoryData<string, NachaEntry> BadEntries => new()
    {
        { "routing of 8 digits", Debit("01100001", 1, "021000213410001") },
        { "account of 18 characters", Debit("011000015", 1, "021000213410001", account: new string('1', 18)) },
        { "amount over 10 digits", Debit("011000015", 10_000_000_000, "021000213410001") },
        { "negative amount", Debit("011000015", -1, "021000213410001") },
        { "trace of 14 digits", Debit("011000015", 1, "02100021341000") },
        { "individual id of 16", Debit("011000015", 1, "021000213410001", id: "dep_abcdefghijkl") },
    };

    [Theory]
    [MemberData(nameof(BadEntries))]
    public void AValueThatDoesNotFitItsField_Throws(string why, NachaEntry entry)
    {
        Assert.Throws<ArgumentException>(() => NachaWriter.Write(Originator, Effective, Created, [new NachaBatch(Nacha.Ccd, [entry])]));
        Assert.NotNull(why);
    }

    [Fact]
    public void WhatTheWriterWrites_TheReaderReadsBack()
    {
        var entries = new[] { Debit("011000015", 100, "021000213410001"), Debit("231380104", 9_999_999_999, "021000213410002", id: "dep_x") };
        var read = NachaReader.Read(NachaWriter.Write(Originator, Effective, Created, [new NachaBatch(Nacha.Ccd, entries)]));
        Assert.True(read.Success, read.ErrorMessage);
        Assert.Equal(entries.Select(e => e with { IndividualId = e.IndividualId.ToUpperInvariant(), IndividualName = e.IndividualName.ToUpperInvariant() }), read.Value.Select(x => x.Entry));
        Assert.Equal([3, 4], read.Value.Select(x => x.Line));
    }
}
