using BenchmarkDotNet.Attributes;
using Ibis.Barcodes;
using Ibis.Barcodes.DataMatrix;
using Ibis.Barcodes.Imaging;

namespace Ibis.Bench.Barcodes;

/// <summary>
/// Data Matrix encode and read, the inputs that bench/zxing/bench_zxing.py gives zxing-cpp
/// (see <see cref="BarcodeFixtures"/>). Encoding stops at the module matrix; reading starts from
/// 8-bit gray pixels already in memory (no PNG decoding on either side).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[MinColumn]
public class DataMatrixBarcodeBenchmarks
{
    private byte[] _binary = [];
    private byte[] _text = [];
    private GrayImage _image = null!;
    private GrayImage _rotated = null!;

    [GlobalSetup]
    public void Setup()
    {
        _binary = BarcodeFixtures.Binary150();
        _text = BarcodeFixtures.Text60Bytes();
        _image = BarcodeFixtures.DataMatrixImage();
        _rotated = BarcodeFixtures.RotatedDataMatrixImage();
        var straight = DataMatrixReader.Read(_image);
        BarcodeFixtures.Check(straight.Success, straight.Data, "Data Matrix 440 px");
        var rotated = DataMatrixReader.Read(_rotated);
        BarcodeFixtures.Check(rotated.Success, rotated.Data, "Data Matrix 440 px rotated");
        BarcodeFixtures.WriteFiles();
        var binary = DataMatrixEncoder.Encode(_binary);
        var text = DataMatrixEncoder.Encode(_text);
        Console.WriteLine($"// Ibis Data Matrix sizes: 150 B {binary.Width}x{binary.Height}, 60-char text {text.Width}x{text.Height}");
    }

    [Benchmark(Description = "DM encode 150 B binary")]
    public BitMatrix EncodeBinary150() => DataMatrixEncoder.Encode(_binary);

    [Benchmark(Description = "DM encode 60-char text")]
    public BitMatrix EncodeText60() => DataMatrixEncoder.Encode(_text);

    [Benchmark(Description = "DM read 440 px (150 B, 48x48, 8 px/module)")]
    public DataMatrixReadResult Read440() => DataMatrixReader.Read(_image);

    [Benchmark(Description = "DM read 440 px rotated 33 deg (6 px/module)")]
    public DataMatrixReadResult Read440Rotated() => DataMatrixReader.Read(_rotated);
}
