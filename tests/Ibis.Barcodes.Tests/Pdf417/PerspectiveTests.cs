using Ibis.Barcodes.Imaging;
using Ibis.Barcodes.Pdf417;
using Ibis.Barcodes.Tests.DataMatrix;
using Ibis.Barcodes.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Ibis.Barcodes.Tests.Pdf417;

/// <summary>
/// A PDF417 indicium photographed at an angle (issue 14 "Reading real scans": symbols photographed at a
/// steep angle, PDF417 rows skewed): the camera tilted 15–25° to the side and up or down, so the rows
/// converge towards the far side and the modules narrow across the symbol. Read on the photo path
/// (<see cref="Pdf417Reader.ReadAll(GrayImage)"/>, as the refund desk's scanned pages are) and by
/// <see cref="Pdf417Reader.Read(GrayImage)"/>, with exactly the indicium's bytes.
/// </summary>
public sealed class PerspectiveTests(ITestOutputHelper output)
{
    // An indicium's size: 124 bytes of binary data, in a symbol of the width the label printer uses.
    private static byte[] Indicium(int seed) => Payloads.Make(new Random(seed), Payloads.Kind.Binary, 124);

    private static GrayImage Photographed(byte[] payload, int columns, double yaw, double pitch, double turn)
    {
        var symbol = Pdf417Encoder.Encode(payload, new Pdf417Options { Columns = columns });
        var flat = SymbolImages.Render(symbol, new Conditions(turn, 3.5), new Random(columns), quietModules: 4);
        return DegradedScans.Tilt(flat, yaw, pitch);
    }

    [Theory]
    [InlineData(20, 0, 0, 6)]
    [InlineData(-25, 0, 0, 5)]
    [InlineData(0, 20, 0, 6)]
    [InlineData(18, -15, 0, 7)]
    [InlineData(-15, 15, 4, 6)]
    [InlineData(22, 12, -3, 8)]
    public void TiltedIndicium_ReadsWithItsBytes(double yaw, double pitch, double turn, int columns)
    {
        var payload = Indicium((int)(yaw * 7 + pitch * 3 + columns));
        var photo = Photographed(payload, columns, yaw, pitch, turn);

        var read = Pdf417Reader.Read(photo);
        Assert.True(read.Success, read.Error);
        Assert.Equal(payload, read.Data);

        var onPage = Pdf417Reader.ReadAll(Mailpieces.Page(photo.Width + 400, photo.Height + 300, (photo, 150, 120)));
        Assert.Equal(payload, Assert.Single(onPage).Data);
    }

    /// <summary>
    /// zxing-cpp, an independent reader, on the same tilted photos: whatever it reads must be the indicium's
    /// bytes (the warp makes a genuine symbol, not one only Ibis's reader agrees with); its count is not
    /// asserted, since rows this skewed are beyond zxing-cpp 1.4's PDF417 detector for some of them.
    /// </summary>
    [SkippableFact]
    public void ZXing_OnTheSamePhotos_NeverDisagrees()
    {
        var zxing = ExternalTools.ZXingReader();
        using var dir = new TempDirectory();
        var agreed = 0;
        foreach (var (yaw, pitch, columns) in new[] { (20.0, 0.0, 6), (0.0, 20.0, 6), (18.0, -15.0, 7) })
        {
            var payload = Indicium(1000 + columns);
            var photo = Photographed(payload, columns, yaw, pitch, 0);
            var file = dir.File($"tilt-{yaw}-{pitch}.png");
            File.WriteAllBytes(file, PngWriter.EncodeGray8(photo));
            if (Pdf417Tools.ZXingDecode(zxing, file) is { } theirs)
            {
                Assert.Equal(payload, theirs);
                agreed++;
            }
            Assert.Equal(payload, Pdf417Reader.Read(photo).Data);
        }
        output.WriteLine($"zxing-cpp read {agreed} of 3 tilted photos, each with the indicium's bytes; Ibis read 3 of 3");
    }
}
