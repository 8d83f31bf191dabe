namespace Ibis.Barcodes.Tests.Support;

/// <summary>Deterministic test payloads in the three shapes that exercise different encodations.</summary>
internal static class Payloads
{
    public enum Kind { Digits, Text, Binary }

    public static byte[] Make(Random random, Kind kind, int length)
    {
        var data = new byte[length];
        switch (kind)
        {
            case Kind.Digits:
                for (var i = 0; i < length; i++) data[i] = (byte)('0' + random.Next(10));
                break;
            case Kind.Text:
                for (var i = 0; i < length; i++) data[i] = (byte)random.Next(32, 127);
                break;
            default:
                random.NextBytes(data);
                break;
        }
        return data;
    }

    /// <summary>The size of our indicium: 56 signed bytes and a 64-byte signature, plus some growth.</summary>
    public static byte[] Indicium(int length = 124)
    {
        var random = new Random(120);
        var data = new byte[length];
        random.NextBytes(data);
        data[0] = 1;
        "SV1234567890"u8.CopyTo(data.AsSpan(6));
        return data;
    }
}
