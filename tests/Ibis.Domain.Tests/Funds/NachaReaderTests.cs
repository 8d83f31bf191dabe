using Ibis.Domain.Funds.Ach;
using Xunit;

namespace Ibis.Domain.Tests.Funds;

/// <summary>
/// The bank's return file is untrusted input: every malformed file is a result naming the line and
/// the positions, never an exception, and a file whose controls do not add up is refused.
/// </summary>
public sealed class NachaReaderTests
{
    private static readonly DateOnly Effective = new(2026, 12, 7);
    private static readonly DateTimeOffset Created = new(2026, 12, 9, 6, 0, 0, TimeSpan.Zero);

    /// <summary>A return file: two debits returned (R01, R02) and one notification of change (addenda 98).</summary>
    private static string ReturnFile() => NachaWriter.Write(NachaWriterTests.Originator, Effective, Created,
    [
        new NachaBatch(Nacha.Ccd,
        [
            NachaWriterTests.Debit("011000015", 25_000, "011000010000001") with { TransactionCode = 26, Return = new NachaReturn("R01", "021000213410001", "01100001") },
            NachaWriterTests.Debit("231380104", 1_000, "231380100000002", id: "dep_zzzzzzzzzzz") with { TransactionCode = 26, Return = new NachaReturn("R02", "021000213410002", "23138010") },
        ]),
    ]);

    [Fact]
    public void AReturnFile_GivesEachEntryWithItsReturnReasonAndOriginalTrace()
    {
        var read = NachaReader.Read(ReturnFile());
        Assert.True(read.Success, read.ErrorMessage);
        Assert.Equal(2, read.Value.Count);
        var first = read.Value[0];
        Assert.Equal(3, first.Line);
        Assert.Equal(new NachaReturn("R01", "021000213410001", "01100001"), first.Entry.Return);
        Assert.Equal("DEP_ABCDEFGHIJK", first.Entry.IndividualId);
        Assert.Equal(25_000, first.Entry.AmountCents);
        Assert.Equal("R02", read.Value[1].Entry.Return!.ReasonCode);
    }

    [Fact]
    public void CarriageReturns_AndATrailingNewline_AreAccepted()
    {
        var read = NachaReader.Read(ReturnFile().Replace("\n", "\r\n", StringComparison.Ordinal));
        Assert.True(read.Success, read.ErrorMessage);
    }

    private static string Change(string file, int line, int position, string with)
    {
        var lines = file.Split('\n');
        var l = lines[line - 1];
        lines[line - 1] = l[..(position - 1)] + with + l[(position - 1 + with.Length)..];
        return string.Join('\n', lines);
    }

    private static string Lines(string file, Func<List<string>, List<string>> edit) =>
        string.Join('\n', edit(file.TrimEnd('\n').Split('\n').ToList())) + "\n";

    public static TheoryData<string, Func<string, string>, string> Broken => new()
    {
        { "empty", _ => "", "the file is empty" },
        { "a short record", f => Lines(f, l => { l[2] = l[2][..93]; return l; }), "line 3: a record is 94 characters" },
        { "a control character", f => Change(f, 3, 60, "\t"), "line 3: a record holds printable ASCII" },
        { "no file header", f => Change(f, 1, 1, "2"), "line 1: the file starts with a file header" },
        { "not whole blocks", f => Lines(f, l => l.Take(9).ToList()), "not a whole number of blocks" },
        { "amount not digits", f => Change(f, 3, 30, "00000 5000"), "line 3: transaction code (2–3), receiving bank (4–12), amount (30–39)" },
        { "addenda indicator 2", f => Change(f, 3, 79, "2"), "line 3: the addenda indicator (79) is 0 or 1" },
        { "addenda missing", f => Lines(f, l => { l.RemoveAt(3); l.Add(new string('9', 94)); return l; }), "line 3: the addenda indicator (79) is 1 but no addenda record follows" },
        { "reason code not R", f => Change(f, 4, 4, "X01"), "line 4: the return reason code (4–6)" },
        { "addenda trace not its entry's", f => Change(f, 4, 94, "9"), "line 4: the addenda's trace number (80–94) is not its entry's" },
        { "batch count wrong", f => Change(f, 7, 5, "000005"), "line 7: the batch control's entry/addenda count (5–10) is not 4" },
        { "batch hash wrong", f => Change(f, 7, 11, "0024238012"), "line 7: the batch control's entry hash (11–20) is not 0024238011" },
        { "batch debits wrong", f => Change(f, 7, 21, "000000026001"), "line 7: the batch control's total debits (21–32) are not 000000026000" },
        { "batch credits wrong", f => Change(f, 7, 33, "000000000001"), "line 7: the batch control's total credits (33–44)" },
        { "service class differs", f => Change(f, 7, 2, "220"), "line 7: the batch control's service class (2–4)" },
        { "file batch count wrong", f => Change(f, 8, 2, "000002"), "line 8: the file control's batch count (2–7) is not 1" },
        { "file block count wrong", f => Change(f, 8, 8, "000002"), "line 8: the file control's block count (8–13) is not 1" },
        { "file entry count wrong", f => Change(f, 8, 14, "00000003"), "line 8: the file control's entry/addenda count (14–21) is not 4" },
        { "file hash wrong", f => Change(f, 8, 22, "0000000000"), "line 8: the file control's entry hash (22–31)" },
        { "file debits wrong", f => Change(f, 8, 32, "000000000000"), "line 8: the file control's total debits (32–43)" },
        { "padding not nines", f => Change(f, 10, 50, "8"), "line 10: only padding records of nines follow" },
        { "batch without control", f => Lines(f, l => { l.RemoveAt(6); l.Add(new string('9', 94)); return l; }), "a batch ends with a batch control record" },
    };

    [Theory]
    [MemberData(nameof(Broken))]
    public void AMalformedFile_IsAResult_NamingTheLine(string why, Func<string, string> breakIt, string message)
    {
        var read = NachaReader.Read(breakIt(ReturnFile()));
        Assert.False(read.Success, why);
        Assert.Equal(NachaReader.InvalidCode, read.ErrorCode);
        Assert.Contains(message, read.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void AnEntryWithAnotherAddendaType_IsReadWithoutAReturn()
    {
        // Addenda type 98 is a notification of change: not a return, so no deposit fails.
        var read = NachaReader.Read(Change(ReturnFile(), 4, 2, "98"));
        Assert.True(read.Success, read.ErrorMessage);
        Assert.Null(read.Value[0].Entry.Return);
    }
}
