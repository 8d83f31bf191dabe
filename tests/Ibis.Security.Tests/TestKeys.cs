using System.Security.Cryptography;
using Ibis.Security.Keys;

namespace Ibis.Security.Tests;

internal static class TestKeys
{
    public static byte[] RandomKekBytes() => RandomNumberGenerator.GetBytes(KeyEncryptionKey.SizeInBytes);

    public static SoftwareKeyStore NewStore(out byte[] kekBytes, int cacheCapacity = 4096)
    {
        kekBytes = RandomKekBytes();
        using var kek = KeyEncryptionKey.FromBytes(kekBytes);
        return new SoftwareKeyStore(kek, cacheCapacity);
    }

    public static SoftwareKeyStore NewStore() => NewStore(out _);

    public static bool Verifies(byte[] subjectPublicKeyInfo, ReadOnlySpan<byte> data, byte[] signature)
    {
        using var key = ECDsa.Create();
        key.ImportSubjectPublicKeyInfo(subjectPublicKeyInfo, out _);
        return key.VerifyData(data, signature, HashAlgorithmName.SHA256);
    }

    // An independent reading of the documented handle format, so the tests check the format itself and
    // not only that the store agrees with itself.
    public static byte[] UnwrapByHand(byte[] handle, byte[] kekBytes, string aadContext = "ibis/software-key-store/v1")
    {
        var labelLength = handle[1];
        var headerLength = 2 + labelLength;
        var nonce = handle.AsSpan(headerLength, 12);
        var ciphertext = handle.AsSpan(headerLength + 12, handle.Length - headerLength - 12 - 16);
        var tag = handle.AsSpan(handle.Length - 16);
        var aad = System.Text.Encoding.ASCII.GetBytes(aadContext).Concat(handle.AsSpan(0, headerLength).ToArray()).ToArray();
        var pkcs8 = new byte[ciphertext.Length];
        using var aes = new AesGcm(kekBytes, 16);
        aes.Decrypt(nonce, ciphertext, tag, pkcs8, aad);
        return pkcs8;
    }
}
