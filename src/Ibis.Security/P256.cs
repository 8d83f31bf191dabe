using System.Security.Cryptography;

namespace Ibis.Security;

internal static class P256
{
    // secp256r1 / prime256v1: the only curve DESIGN §4 allows for device and CA keys.
    public const string Oid = "1.2.840.10045.3.1.7";

    // KeySize alone would also accept brainpoolP256r1.
    public static bool Is(ECDsa key) => key.KeySize == 256 && key.ExportParameters(false).Curve.Oid?.Value == Oid;
}
