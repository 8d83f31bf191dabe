using System.Numerics;
using CsCheck;
using Ibis.Barcodes.Postal;
using Xunit;

namespace Ibis.Barcodes.Tests.Postal;

public sealed class IntelligentMailBarcodeTests
{
    private const string Tracking = "01234567094987654321";

    // The four examples of USPS-B-3200 (one tracking code, each routing-code length).
    public static TheoryData<string, string, string> SpecificationExamples => new()
    {
        { Tracking, "", "ATTFATTDTTADTAATTDTDTATTDAFDDFADFDFTFFFFFTATFAAAATDFFTDAADFTFDTDT" },
        { Tracking, "01234", "DTTAFADDTTFTDTFTFDTDDADADAFADFATDDFTAAAFDTTADFAAATDFDTDFADDDTDFFT" },
        { Tracking, "012345678", "ADFTTAFDTTTTFATTADTAAATFTFTATDAAAFDDADATATDTDTTDFDTDATADADTDFFTFA" },
        { Tracking, "01234567891", "AADTFFDFTDADTAADAATFDTDDAAADDTDTTDAFADADDDTFFFDDTTTADFAAADFTDAADA" },
    };

    // Random codes encoded by zint 2.11 (`zint -b 85 --dump`, bars read from the dump): an encoder
    // written independently of ours and of the reference in this folder.
    public static TheoryData<string, string, string> ZintVectors => new()
    {
        { "32167211068403885421", "", "TATAADTTTDATDDDDDDFTTADTTAFTTFTTDAFDFTFFFFAATFAAATDFFTTAATADFTAAT" },
        { "41044324451956832374", "18404", "DDFATAAFDTDTTAFTFATATDDATFADFADAADFTTADFATTTFFAFDADFAFTAFDAFTFDFF" },
        { "92836694672344010748", "875231637", "FDDDAAFAATADDTTTFAFDTADDADFFDDDTDTDFDTDDTTDDFFFDDAFATFTFDDADDDTDA" },
        { "41569583510349931524", "70051450545", "FFDATFFFADDTTFAFAFFDTADDDAFAFAFDTTTFADDATFFDTDFTATATAAFTTTTFFDDAA" },
        { "23914937424692590507", "", "FFTFAFAFDADDTTAFDAFDDTTAFDDTTFAFTAFAAATFTFDTAAAFFFDFAATFFATDFAADT" },
        { "22549173631000292908", "79350", "ATFAATDAADFFDFTAFFFFDATFDADTAFADAFTAADFDDDFAFFFAATFAFTFFATTAADTTF" },
        { "14463733767036736373", "004438336", "TTFTDTDDDDFADTDTDATTTDFFTTTDTFATADDTDTADFFDFDTAFDTTFAADFDADFDDFDD" },
        { "41505919607616392547", "56834567143", "ADFDFTDDTDFDTDFDFFDDTFDAAAFFFAFAFFAADFATATAFDTATATAFTAATAFFDAATDA" },
        { "03924027976630320941", "", "TDTAAAADTADTTDDADAATDDTAFFDFDFAFFDFADADFAFDTFDFFAFDFFAAAFATFFFTDA" },
        { "63380329587870109178", "49205", "FDAFTTFDDDTFDAATDTTADTAATDATTFFFTDFDFATDAAFDFTDFDFTFTFTAFDDDAFFFD" },
        { "14045118763463761119", "586671347", "ADDAFFAFDDTAFFDDDTDFAFTFADTTADDDFADDTFDDAFTDATFFDATTFDFFTFDFDDTAD" },
        { "60825222575480204181", "79781836453", "DFDDFTAFFDADDTFTTATTAFTAADTTTTTADADTTDDAFFFTADAFFFAFTAFDFTFADFATF" },
    };

    [Theory]
    [MemberData(nameof(SpecificationExamples))]
    public void Encode_SpecificationExample_GivesThePublishedBars(string tracking, string routing, string expected)
    {
        Assert.Equal(expected, IntelligentMailBarcode.EncodeToLetters(tracking, routing));
        Assert.Equal(expected, FourStateBars.ToLetters(IntelligentMailBarcode.Encode(tracking, routing)));
    }

    [Theory]
    [MemberData(nameof(ZintVectors))]
    public void Encode_RandomCode_MatchesZint(string tracking, string routing, string expected) =>
        Assert.Equal(expected, IntelligentMailBarcode.EncodeToLetters(tracking, routing));

    [Fact]
    public void Encode_SpecificationExample_HasThePublishedIntermediateValues()
    {
        // USPS-B-3200's worked example (routing 01234567891): binary data, FCS and codewords; the
        // characters and bars follow from them and are checked through the published bars.
        var binary = IntelligentMailBarcode.ToBinary(Tracking, "01234567891");
        Assert.Equal(UInt128.Parse("016907B2A24ABC16A2E5C004B1", System.Globalization.NumberStyles.HexNumber, null), binary);
        var fcs = IntelligentMailBarcode.FrameCheckSequence(binary);
        Assert.Equal(0x751, fcs);

        Span<int> codewords = stackalloc int[10];
        IntelligentMailBarcode.ToCodewords(binary, fcs, codewords);
        Assert.Equal([673, 787, 607, 1022, 861, 19, 816, 1294, 35, 602], codewords.ToArray());
    }

    [Theory]
    [InlineData("", 0UL)]
    [InlineData("00000", 1UL)]
    [InlineData("99999", 100_000UL)]
    [InlineData("000000000", 100_001UL)]
    [InlineData("999999999", 1_000_100_000UL)]
    [InlineData("00000000000", 1_000_100_001UL)]
    [InlineData("99999999999", 101_000_100_000UL)]
    public void ToBinary_RoutingCodeOfEachLength_TakesItsOwnRange(string routing, ulong expected)
    {
        // With an all-zero tracking code the binary value is the converted routing code × 10 × 5 × 10^18.
        var binary = IntelligentMailBarcode.ToBinary("00000000000000000000", routing);
        Assert.Equal((UInt128)expected * 50 * (UInt128)1_000_000_000_000_000_000, binary);
    }

    [Fact]
    public void ToBinary_LargestInput_FitsIn102Bits()
    {
        var binary = IntelligentMailBarcode.ToBinary("94999999999999999999", "99999999999");
        Assert.True(binary < (UInt128.One << 102));
        Assert.Equal(ReferenceIntelligentMail.Binary("94999999999999999999", "99999999999"), (BigInteger)binary);
    }

    [Fact]
    public void FrameCheckSequence_ChangesWithEveryDataBit()
    {
        var binary = IntelligentMailBarcode.ToBinary(Tracking, "01234");
        var fcs = IntelligentMailBarcode.FrameCheckSequence(binary);
        for (var bit = 0; bit < 102; bit++)
            Assert.NotEqual(fcs, IntelligentMailBarcode.FrameCheckSequence(binary ^ (UInt128.One << bit)));
    }

    [Fact]
    public void NOf13Tables_HaveTheSpecifiedSizesWeightsAndOrder()
    {
        Assert.Equal(1287, NOf13Tables.FiveOf13.Length);
        Assert.Equal(78, NOf13Tables.TwoOf13.Length);
        Assert.All(NOf13Tables.FiveOf13, c => Assert.Equal(5, BitOperations.PopCount((uint)c)));
        Assert.All(NOf13Tables.TwoOf13, c => Assert.Equal(2, BitOperations.PopCount((uint)c)));
        Assert.Equal(1287, NOf13Tables.FiveOf13.Distinct().Count());
        Assert.Equal(78, NOf13Tables.TwoOf13.Distinct().Count());
        // The first pair is the smallest value and its reversal; the table ends with palindromes.
        Assert.Equal([0x001F, 0x1F00], NOf13Tables.FiveOf13[..2]);
        Assert.Equal([0x0003, 0x1800], NOf13Tables.TwoOf13[..2]);
        Assert.Equal(ReferenceIntelligentMail.FiveOf13, NOf13Tables.FiveOf13);
        Assert.Equal(ReferenceIntelligentMail.TwoOf13, NOf13Tables.TwoOf13);
    }

    [Fact]
    public void BarMapping_UsesEveryBitOfEveryCharacterExactlyOnce()
    {
        var used = new HashSet<(int, int)>();
        foreach (var m in IntelligentMailBarcode.BarMapping)
        {
            Assert.True(used.Add((m.DescenderCharacter, m.DescenderBit)), $"descender {m} reused");
            Assert.True(used.Add((m.AscenderCharacter, m.AscenderBit)), $"ascender {m} reused");
        }
        Assert.Equal(130, used.Count);
        Assert.All(used, u => Assert.True(u.Item1 is >= 0 and < 10 && u.Item2 is >= 0 and < 13));
    }

    [Fact]
    public void Encode_AnyValidCode_AgreesWithTheReferenceEncoder()
    {
        var digits = Gen.Char['0', '9'];
        var tracking = Gen.Select(digits, Gen.Char['0', '4'], digits.Array[18])
            .Select((a, b, rest) => $"{a}{b}{new string(rest)}");
        var routing = Gen.OneOfConst(0, 5, 9, 11).SelectMany(n => digits.Array[n].Select(cs => new string(cs)));
        Gen.Select(tracking, routing).Sample((t, r) =>
            Assert.Equal(ReferenceIntelligentMail.Encode(t, r), IntelligentMailBarcode.EncodeToLetters(t, r)), iter: 3000);
    }

    [Fact]
    public void Encode_NullRouting_IsTheSameAsEmpty() =>
        Assert.Equal(IntelligentMailBarcode.Encode(Tracking, ""), IntelligentMailBarcode.Encode(Tracking, null));

    public static TheoryData<string?, string?, string> InvalidCodes => new()
    {
        { null, "", "tracking code is missing" },
        { "0123456709498765432", "", "tracking code must be 20 digits, not 19" },
        { "012345670949876543210", "", "tracking code must be 20 digits, not 21" },
        { "0123456709498765432x", "", "tracking code must be digits only; character 20 is 'x'" },
        { "01234567-94987654321", "", "tracking code must be digits only; character 9 is '-'" },
        { "05234567094987654321", "", "second digit of the barcode ID must be 0–4, not 5" },
        { "09234567094987654321", "", "second digit of the barcode ID must be 0–4, not 9" },
        { Tracking, "1234", "routing code must be empty or 5, 9 or 11 digits, not 4" },
        { Tracking, "123456", "routing code must be empty or 5, 9 or 11 digits, not 6" },
        { Tracking, "1234567890", "routing code must be empty or 5, 9 or 11 digits, not 10" },
        { Tracking, "123456789012", "routing code must be empty or 5, 9 or 11 digits, not 12" },
        { Tracking, "2026O", "routing code must be digits only; character 5 is 'O'" },
        { Tracking, "٠١٢٣٤", "routing code must be digits only; character 1 is '٠'" },
    };

    [Theory]
    [MemberData(nameof(InvalidCodes))]
    public void Encode_InvalidCode_IsRefusedWithAClearMessage(string? tracking, string? routing, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => IntelligentMailBarcode.Encode(tracking!, routing));
        Assert.Contains(message, e.Message);
        Assert.Equal(message.StartsWith("routing", StringComparison.Ordinal) ? "routingCode" : "trackingCode", e.ParamName);

        Assert.False(IntelligentMailBarcode.TryEncode(tracking, routing, new FourStateBar[65], out var error));
        Assert.Contains(message, error);
    }

    [Fact]
    public void TryEncode_ShortDestination_IsAProgrammingError() =>
        Assert.Throws<ArgumentException>(() => IntelligentMailBarcode.TryEncode(Tracking, "", new FourStateBar[64], out _));

    [Fact]
    public void FourStateLetters_RoundTrip()
    {
        var bars = IntelligentMailBarcode.Encode(Tracking, "01234");
        var letters = FourStateBars.ToLetters(bars);
        Assert.Equal(bars, FourStateBars.FromLetters(letters, out var error));
        Assert.Null(error);
        Assert.Null(FourStateBars.FromLetters("FADTX", out error));
        Assert.Contains("character 5 ('X')", error);
    }
}
