using Ibis.Barcodes.DataMatrix;
using Ibis.Barcodes.Imaging;
using Ibis.Barcodes.Pdf417;
using Ibis.Barcodes.Tests.DataMatrix;
using Ibis.Barcodes.Tests.Support;
using Xunit;

namespace Ibis.Barcodes.Tests.Pages;

/// <summary>
/// ReadAll on whole 300-dpi pages: several mail pieces per page (each rendered by the production
/// renderer with its text, FIM, ad line and address), other print around the symbols, symbols in any
/// quarter turn or at an angle. Every symbol must come back, in reading order, with exactly its bytes.
/// </summary>
public sealed class PageReadTests
{
    private static byte[] Indicium(int seed) => Payloads.Make(new Random(seed), Payloads.Kind.Binary, 124);

    [Fact]
    public void DataMatrix_ReadAll_PageOfThreeEnvelopes_ReadsEveryIndicium_IncludingACopy()
    {
        var a = Indicium(1);
        var b = Indicium(2);
        // The third piece carries the first one's bytes: a copied indicium must show as two reads.
        var page = Mailpieces.Page(3000, 3900,
            (Mailpieces.Envelope(a, 0), 60, 40),
            (Mailpieces.Envelope(b, 1), 90, 1330),
            (Mailpieces.Envelope(a, 2), 40, 2620));

        var results = DataMatrixReader.ReadAll(page);

        Assert.Equal(3, results.Count);
        Assert.All(results, r => Assert.True(r.Success));
        Assert.Equal(a, results[0].Data);
        Assert.Equal(b, results[1].Data);
        Assert.Equal(a, results[2].Data);
        Assert.True(results[2].Corners[0].Y > results[0].Corners[0].Y + 2000, "the copy is the lower symbol");
        // Read, unchanged, still returns one of them.
        var single = DataMatrixReader.Read(page);
        Assert.True(single.Success, single.ToString());
        Assert.Contains(results, r => r.Data!.SequenceEqual(single.Data!));
    }

    [Fact]
    public void DataMatrix_ReadAll_SheetOfTwelveLabels_ReadsThemInReadingOrder()
    {
        var payloads = Enumerable.Range(10, 12).Select(Indicium).ToList();
        var sheet = Mailpieces.LabelSheet(payloads);
        Assert.True(sheet.Width >= 2500, $"{sheet.Width}x{sheet.Height} is not a 300-dpi letter sheet");

        var results = DataMatrixReader.ReadAll(sheet);

        Assert.Equal(payloads.Count, results.Count);
        // Labels run left to right, then top down: the same order as reading.
        for (var i = 0; i < payloads.Count; i++) Assert.Equal(payloads[i], results[i].Data);
    }

    [Fact]
    public void DataMatrix_ReadAll_TurnedAndAngledPieces_AmongOtherPrint()
    {
        var upright = Indicium(30);
        var turned = Indicium(31);
        var angled = Indicium(32);
        var small = Payloads.Make(new Random(33), Payloads.Kind.Text, 40);
        var envelope = Mailpieces.Envelope(upright, 3);
        // A piece fed sideways: the whole envelope a quarter turn clockwise.
        var sideways = Mailpieces.QuarterTurn(Mailpieces.Envelope(turned, 4));
        var tilted = SymbolImages.Render(DataMatrixEncoder.Encode(angled), new Conditions(23, 4.2), new Random(3), quietModules: 4);
        var label = SymbolImages.Render(DataMatrixEncoder.Encode(small), new Conditions(-131, 5), new Random(4), quietModules: 4);
        var page = Mailpieces.Page(3400, 4300,
            (envelope, 20, 20),
            (sideways, 2000, 1350),
            (tilted, 200, 1500),
            (label, 900, 2600));

        var results = DataMatrixReader.ReadAll(page);

        var read = results.Select(r => Convert.ToHexString(r.Data!)).Order().ToList();
        var expected = new[] { upright, turned, angled, small }.Select(Convert.ToHexString).Order().ToList();
        Assert.Equal(expected, read);
    }

    [Fact]
    public void DataMatrix_ReadAll_SingleSymbol_AgreesWithRead()
    {
        var payload = Indicium(40);
        var image = GrayImage.FromMatrix(DataMatrixEncoder.Encode(payload), 4, 2);
        var results = DataMatrixReader.ReadAll(image);
        var single = DataMatrixReader.Read(image);
        Assert.Single(results);
        Assert.Equal(payload, results[0].Data);
        Assert.Equal(single.Data, results[0].Data);
        Assert.Equal(4, results[0].Corners.Count);
    }

    [Fact]
    public void DataMatrix_ReadAll_PageWithoutSymbols_IsEmpty()
    {
        var random = new Random(7);
        // Noise, a page of L shapes and checkerboards (finder look-alikes), and an envelope without a barcode's data.
        var noise = new byte[1200 * 900];
        random.NextBytes(noise);
        Assert.Empty(DataMatrixReader.ReadAll(noise, 1200, 900));

        var decoys = new GrayImage(2000, 1600);
        for (var i = 0; i < 400; i++)
        {
            int x = random.Next(1950), y = random.Next(1550), s = random.Next(12, 120), t = Math.Max(2, s / 12);
            decoys.FillRectangle(x, y, t, s, 0);
            decoys.FillRectangle(x, y + s - t, s, t, 0);
            for (var k = 0; k < s; k += 2 * t) decoys.FillRectangle(x + k, y - t, t, t, 0);
        }
        Assert.Empty(DataMatrixReader.ReadAll(decoys));
        Assert.Empty(DataMatrixReader.ReadAll(ReadOnlySpan<byte>.Empty, 0, 0));
        Assert.Empty(DataMatrixReader.ReadAll(new byte[10], 100, 100));
    }

    [Fact]
    public void Pdf417_ReadAll_PageOfSymbols_InRowsTurnedAndAmongPrint()
    {
        var payloads = Enumerable.Range(50, 6).Select(i => Payloads.Make(new Random(i), Payloads.Kind.Binary, 90 + 10 * i % 50)).ToList();
        var symbols = payloads.Select((p, i) => GrayImage.FromMatrix(Pdf417Encoder.Encode(p, new Pdf417Options { Columns = 4 + i % 3 }), 3, 2)).ToList();
        // Clutter: a whole envelope (text, bars, a Data Matrix) on the same page.
        var envelope = Mailpieces.Envelope(Indicium(60), 5);
        var page = Mailpieces.Page(3000, 3300,
            (symbols[0], 40, 60), (symbols[1], 1500, 80),
            (symbols[2], 60, 700), (symbols[3], 1550, 650),
            (Mailpieces.QuarterTurn(symbols[4]), 300, 1250),
            (Mailpieces.QuarterTurn(Mailpieces.QuarterTurn(Mailpieces.QuarterTurn(symbols[5]))), 1800, 1250),
            (envelope, 50, 2000));

        var results = Pdf417Reader.ReadAll(page);

        var read = results.Select(r => Convert.ToHexString(r.Data!)).Order().ToList();
        Assert.Equal(payloads.Select(Convert.ToHexString).Order().ToList(), read);
        // The upright ones in reading order: two rows of two.
        Assert.Equal(payloads[0], results[0].Data);
        Assert.Equal(payloads[1], results[1].Data);
        Assert.Equal(payloads[2], results[2].Data);
        Assert.Equal(payloads[3], results[3].Data);
    }

    [Fact]
    public void Pdf417_ReadAll_SameBytesTwice_AndNothingOnNoise()
    {
        var payload = Payloads.Make(new Random(70), Payloads.Kind.Text, 120);
        var symbol = GrayImage.FromMatrix(Pdf417Encoder.Encode(payload), 3, 2);
        var page = Mailpieces.Page(1800, 1400, (symbol, 30, 30), (symbol, 200, 800));
        var results = Pdf417Reader.ReadAll(page);
        Assert.Equal(2, results.Count);
        Assert.All(results, r => Assert.Equal(payload, r.Data));

        var noise = new byte[1000 * 800];
        new Random(71).NextBytes(noise);
        Assert.Empty(Pdf417Reader.ReadAll(noise, 1000, 800));
        Assert.Empty(Pdf417Reader.ReadAll(new byte[3], 10, 10));
    }
}
