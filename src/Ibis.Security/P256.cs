using System.Security.Cryptography;

namespace Ibis.Security;

internal static class P256
{
    // secp256r1 / prime256v1: the only curve DESIGN §4 allows for device and CA keys.
    public const string Oid = "1.2.840.10045.3.1.7";

    // KeySize alone would also accept brainpoolP256r1.
    public static bool Is(ECDsa key) => key.KeySize == 256 && key.ExportParameters(false).Curve.Oid?.Value == Oid;

    /// <summary>The order n of the P-256 group (SEC 2 §2.4.2), big-endian.</summary>
    private static readonly System.Numerics.BigInteger Order = new(Convert.FromHexString("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551"), isUnsigned: true, isBigEndian: true);

    /// <summary>
    /// An ECDSA signature (r, s) and (r, n − s) both verify; Ibis only ever issues the one with
    /// s ≤ n/2 ("low-S"), so a signature cannot be altered into a second valid one for the same
    /// piece. Takes and returns IEEE P1363 r‖s of 64 bytes.
    /// </summary>
    public static byte[] LowS(byte[] p1363)
    {
        if (p1363.Length != 64) throw new ArgumentException("a P-256 signature in IEEE P1363 form has 64 bytes", nameof(p1363));
        var s = new System.Numerics.BigInteger(p1363.AsSpan(32), isUnsigned: true, isBigEndian: true);
        if (s <= Order / 2) return p1363;
        var low = (Order - s).ToByteArray(isUnsigned: true, isBigEndian: true);
        var result = new byte[64];
        p1363.AsSpan(0, 32).CopyTo(result);
        low.CopyTo(result.AsSpan(64 - low.Length));
        return result;
    }

    /// <summary>True when s ≤ n/2 (the form <see cref="LowS"/> gives).</summary>
    public static bool IsLowS(ReadOnlySpan<byte> p1363) =>
        p1363.Length == 64 && new System.Numerics.BigInteger(p1363[32..], isUnsigned: true, isBigEndian: true) <= Order / 2;
}
