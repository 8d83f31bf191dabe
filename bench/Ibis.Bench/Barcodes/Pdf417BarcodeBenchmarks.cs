using BenchmarkDotNet.Attributes;
using Ibis.Barcodes;
using Ibis.Barcodes.Imaging;
using Ibis.Barcodes.Pdf417;

namespace Ibis.Bench.Barcodes;

/// <summary>PDF417 encode and read of the 150-byte payload, the inputs bench/zxing/bench_zxing.py gives zxing-cpp.</summary>
[MemoryDiagnoser]
[MedianColumn]
[MinColumn]
public class Pdf417BarcodeBenchmarks
{
    private byte[] _binary = [];
    private GrayImage _image = null!;

    [GlobalSetup]
    public void Setup()
    {
        _binary = BarcodeFixtures.Binary150();
        _image = BarcodeFixtures.Pdf417Image();
        var read = Pdf417Reader.Read(_image);
        BarcodeFixtures.Check(read.Success, read.Data, "PDF417");
        BarcodeFixtures.WriteFiles();
        var matrix = Pdf417Encoder.Encode(_binary);
        Console.WriteLine($"// Ibis PDF417 size: {read.Rows} rows x {read.Columns} data columns, level {read.ErrorCorrectionLevel}, {matrix.Width}x{matrix.Height} modules; image {_image.Width}x{_image.Height} px");
    }

    [Benchmark(Description = "PDF417 encode 150 B binary")]
    public BitMatrix Encode150() => Pdf417Encoder.Encode(_binary);

    [Benchmark(Description = "PDF417 read (150 B)")]
    public Pdf417ReadResult Read() => Pdf417Reader.Read(_image);
}
