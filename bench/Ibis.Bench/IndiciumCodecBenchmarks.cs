using BenchmarkDotNet.Attributes;
using Ibis.Domain;
using Ibis.Domain.Indicia;

namespace Ibis.Bench;

[MemoryDiagnoser]
public class IndiciumCodecBenchmarks
{
    private IndiciumData _data = null!;
    private byte[] _bytes = [];

    [GlobalSetup]
    public void Setup()
    {
        _bytes = Samples.IndiciumBytes();
        _data = IndiciumCodec.Parse(_bytes).Value;
    }

    [Benchmark(Description = "IndiciumCodec encode (124 B)")]
    public byte[] Encode() => IndiciumCodec.Encode(_data);

    [Benchmark(Description = "IndiciumCodec parse (124 B)")]
    public ParseResult<IndiciumData> Parse() => IndiciumCodec.Parse(_bytes);

    [Benchmark(Description = "IndiciumCodec encode + parse")]
    public ParseResult<IndiciumData> EncodeThenParse() => IndiciumCodec.Parse(IndiciumCodec.Encode(_data));
}
