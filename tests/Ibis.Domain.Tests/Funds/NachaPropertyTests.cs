using System.Globalization;
using CsCheck;
using Ibis.Domain.Funds.Ach;
using Xunit;

namespace Ibis.Domain.Tests.Funds;

/// <summary>Properties of the NACHA writer and reader over random files: round trip, controls, and no exception on any input.</summary>
public sealed class NachaPropertyTests
{
    private static readonly Gen<string> Digits9 = Gen.Int[0, 999_999_999].Select(n => n.ToString("D9", CultureInfo.InvariantCulture));

    private static readonly Gen<NachaEntry> Entry =
        Gen.Select(Digits9, Gen.String[Gen.Char['0', '9'], 1, 17], Gen.Long[0, AchAmountRule.MaxCents], Gen.String[Gen.Char['A', 'Z'], 0, 15],
            Gen.String[Gen.Char['A', 'Z'], 0, 22], Gen.Int[0, 9_999_999], Gen.Bool)
        .Select((routing, account, cents, id, name, seq, savings) =>
            new NachaEntry(savings ? 37 : 27, routing, account, cents, id, name, "02100002" + seq.ToString("D7", CultureInfo.InvariantCulture)));

    private static readonly Gen<List<NachaBatch>> Batches =
        Gen.Select(Entry.List[0, 30], Entry.List[0, 30]).Select((ccd, ppd) =>
            new[] { new NachaBatch(Nacha.Ccd, ccd), new NachaBatch(Nacha.Ppd, ppd) }.Where(b => b.Entries.Count > 0).ToList());

    [Fact]
    public void AnyFileWritten_IsReadBackEntryForEntry_InWholeBlocksOf94CharacterRecords()
    {
        Batches.Sample(batches =>
        {
            var file = NachaWriter.Write(NachaWriterTests.Originator, new DateOnly(2026, 12, 7), new DateTimeOffset(2026, 12, 5, 9, 0, 0, TimeSpan.Zero), batches);
            var records = file[..^1].Split('\n');
            Assert.All(records, r => Assert.Equal(Nacha.RecordLength, r.Length));
            Assert.Equal(0, records.Length % Nacha.BlockingFactor);
            var read = NachaReader.Read(file);
            Assert.True(read.Success, read.ErrorMessage);
            Assert.Equal(batches.SelectMany(b => b.Entries).Select(e => e with { AccountNumber = e.AccountNumber.TrimEnd() }), read.Value.Select(x => x.Entry));
        }, iter: 300);
    }

    [Fact]
    public void AnyInput_IsReadOrRefusedCleanly_NeverAnException()
    {
        var valid = NachaWriter.Write(NachaWriterTests.Originator, new DateOnly(2026, 12, 7), DateTimeOffset.UnixEpoch,
            [new NachaBatch(Nacha.Ccd, [NachaWriterTests.Debit("011000015", 100, "021000213410001")])]);
        // Random single-character edits of a valid file, and random text.
        Gen.Select(Gen.Int[0, valid.Length - 1], Gen.Char[' ', '~']).Sample((at, c) =>
        {
            var read = NachaReader.Read(valid[..at] + c + valid[(at + 1)..]);
            if (!read.Success) Assert.Equal(NachaReader.InvalidCode, read.ErrorCode);
        }, iter: 5_000);
        Gen.String[Gen.Char[' ', '~'], 0, 400].Sample(text =>
        {
            var read = NachaReader.Read(text);
            Assert.False(read.Success && read.Value.Count > 0);
        }, iter: 2_000);
    }
}
