using Ibis.Barcodes.Imaging;
using Ibis.Barcodes.Pdf417;

namespace Ibis.Barcodes.Tests.Support;

/// <summary>One photograph of the degraded set and the bytes its symbol holds.</summary>
internal sealed record DegradedSample(string Name, GrayImage Image, byte[] Expected, Damage Damage);

/// <summary>
/// The generated set of damaged photographs on which Ibis's readers are compared with libdmtx and
/// zxing-cpp: whole #10 envelopes rendered at 300 dpi (a 124-byte indicium in a 44×44 Data Matrix,
/// or a PDF417 symbol printed on the envelope's free area), then photographed by
/// <see cref="DegradedScans.Photograph"/> with severities spread evenly over [0, 1]. Deterministic.
/// </summary>
internal static class DegradedSet
{
    public static IEnumerable<DegradedSample> DataMatrix(int count, int seed = 1000)
    {
        for (var i = 0; i < count; i++)
        {
            var random = new Random(seed + i);
            var payload = Payloads.Make(random, Payloads.Kind.Binary, 124);
            var envelope = Mailpieces.Envelope(payload, i);
            var damage = Damage.Draw(random, Severity(i, count));
            yield return new DegradedSample($"dm-{i:D3}", DegradedScans.Photograph(envelope, damage, random), payload, damage);
        }
    }

    public static IEnumerable<DegradedSample> Pdf417(int count, int seed = 2000)
    {
        for (var i = 0; i < count; i++)
        {
            var random = new Random(seed + i);
            var payload = Payloads.Make(random, Payloads.Kind.Binary, 100 + random.Next(60));
            // The envelope's indicium carries other bytes: the PDF417 symbol is the one asked for.
            var envelope = Mailpieces.Envelope(Payloads.Make(random, Payloads.Kind.Binary, 124), i);
            var symbol = GrayImage.FromMatrix(Pdf417Encoder.Encode(payload, new Pdf417Options { Columns = 5 + random.Next(4) }), 3, 2);
            // Lower left, clear of the address block and the indicium.
            Mailpieces.Paste(envelope, symbol, 60, envelope.Height - symbol.Height - 60);
            var damage = Damage.Draw(random, Severity(i, count));
            yield return new DegradedSample($"pdf417-{i:D3}", DegradedScans.Photograph(envelope, damage, random), payload, damage);
        }
    }

    private static double Severity(int i, int count) => count <= 1 ? 0.5 : (double)i / (count - 1);
}
