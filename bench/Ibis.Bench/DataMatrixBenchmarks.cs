using BenchmarkDotNet.Attributes;
using Ibis.Barcodes;
using Ibis.Barcodes.DataMatrix;
using Ibis.Barcodes.Imaging;

namespace Ibis.Bench;

/// <summary>The barcode on every indicium: a 124-byte v1 payload, 44x44 in Base256.</summary>
[MemoryDiagnoser]
public class DataMatrixBenchmarks
{
    private byte[] _payload = [];
    private GrayImage _scan = null!;

    [GlobalSetup]
    public void Setup()
    {
        _payload = Samples.IndiciumBytes();
        // 6 px per module is about 300 dpi at the printed module size; what a verifier scans.
        _scan = GrayImage.FromMatrix(DataMatrixEncoder.Encode(_payload), pixelsPerModule: 6, quietZoneModules: 2);
    }

    [Benchmark(Description = "Data Matrix encode, 124-byte v1 indicium (44x44)")]
    public BitMatrix Encode() => DataMatrixEncoder.Encode(_payload);

    [Benchmark(Description = "Data Matrix read, 44x44 at 6 px/module")]
    public DataMatrixReadResult Read() => DataMatrixReader.Read(_scan);
}
