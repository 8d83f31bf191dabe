using System.Security.Cryptography;

namespace Ibis.Security.SelfTests;

/// <summary>
/// Start-up known-answer tests of every algorithm the security module relies on (DESIGN §4 "Self-tests",
/// in the manner of FIPS 140-3 pre-operational self-tests). The server runs them once and wraps its key
/// store in <see cref="SelfTestGuardedKeyStore"/>, so a platform whose crypto is broken never signs.
/// Every expected value below is a published vector, not one computed by the code under test.
/// </summary>
public static class CryptoSelfTest
{
    public const string Sha256 = "sha256";
    public const string HmacSha256 = "hmac-sha256";
    public const string AesGcm = "aes-256-gcm";
    public const string EcdsaP256 = "ecdsa-p256";

    /// <summary>The names of all tests, in the order they run.</summary>
    public static IReadOnlyList<string> TestNames { get; } = [Sha256, HmacSha256, AesGcm, EcdsaP256];

    /// <summary>Runs every known-answer test.</summary>
    public static SelfTestResult Run() => RunCore(injectFailureInto: null);

    /// <summary>
    /// Runs every test but corrupts the expected answer of <paramref name="injectFailureInto"/> (one of
    /// <see cref="TestNames"/>), so tests can prove that a failed self-test stops all signing.
    /// </summary>
    public static SelfTestResult Run(string injectFailureInto)
    {
        if (!TestNames.Contains(injectFailureInto))
        {
            throw new ArgumentException($"Unknown self-test '{injectFailureInto}'.", nameof(injectFailureInto));
        }
        return RunCore(injectFailureInto);
    }

    private static SelfTestResult RunCore(string? injectFailureInto)
    {
        var failures = new List<SelfTestFailure>();
        Check(Sha256, TestSha256, injectFailureInto, failures);
        Check(HmacSha256, TestHmacSha256, injectFailureInto, failures);
        Check(AesGcm, TestAesGcm, injectFailureInto, failures);
        Check(EcdsaP256, TestEcdsaP256, injectFailureInto, failures);
        return new SelfTestResult(TestNames, failures);
    }

    private static void Check(string name, Func<bool, string?> test, string? injectFailureInto, List<SelfTestFailure> failures)
    {
        string? failure;
        try
        {
            failure = test(name == injectFailureInto);
        }
        catch (Exception ex)
        {
            // A broken or missing algorithm must be reported as a failure, never crash start-up.
            failure = "threw " + ex.GetType().Name + ": " + ex.Message;
        }
        if (failure is not null)
        {
            failures.Add(new SelfTestFailure(name, failure));
        }
    }

    // Flips one bit of an expected value: the corruption is in the expectation, so the algorithm itself
    // still runs exactly as in production.
    private static byte[] Expect(string hex, bool corrupt)
    {
        var bytes = Convert.FromHexString(hex);
        if (corrupt)
        {
            bytes[0] ^= 0x01;
        }
        return bytes;
    }

    // FIPS 180-2 Appendix B.1: SHA-256("abc").
    private static string? TestSha256(bool corrupt)
    {
        var expected = Expect("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", corrupt);
        var actual = SHA256.HashData("abc"u8);
        return CryptographicOperations.FixedTimeEquals(actual, expected) ? null : "digest of \"abc\" differs from FIPS 180-2 B.1";
    }

    // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
    private static string? TestHmacSha256(bool corrupt)
    {
        var expected = Expect("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843", corrupt);
        var actual = HMACSHA256.HashData("Jefe"u8, "what do ya want for nothing?"u8);
        return CryptographicOperations.FixedTimeEquals(actual, expected) ? null : "MAC differs from RFC 4231 test case 2";
    }

    // The GCM specification (McGrew & Viega, as used by NIST CAVP), test case 16: AES-256, 96-bit IV,
    // 60-byte plaintext and 20-byte AAD, so partial blocks of both are exercised. Then decrypt, and a
    // flipped tag must be refused.
    private static string? TestAesGcm(bool corrupt)
    {
        var key = Convert.FromHexString("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308");
        var nonce = Convert.FromHexString("cafebabefacedbaddecaf888");
        var aad = Convert.FromHexString("feedfacedeadbeeffeedfacedeadbeefabaddad2");
        var plaintext = Convert.FromHexString(
            "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72" +
            "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39");
        var expectedCiphertext = Expect(
            "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa" +
            "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662", corrupt);
        var expectedTag = Convert.FromHexString("76fc6ece0f4e1768cddf8853bb2d551b");

        var ciphertext = new byte[plaintext.Length];
        var tag = new byte[16];
        using var aes = new System.Security.Cryptography.AesGcm(key, 16);
        aes.Encrypt(nonce, plaintext, ciphertext, tag, aad);
        if (!CryptographicOperations.FixedTimeEquals(ciphertext, expectedCiphertext)
            || !CryptographicOperations.FixedTimeEquals(tag, expectedTag))
        {
            return "encryption differs from GCM test case 16";
        }

        var decrypted = new byte[ciphertext.Length];
        aes.Decrypt(nonce, ciphertext, tag, decrypted, aad);
        if (!CryptographicOperations.FixedTimeEquals(decrypted, plaintext))
        {
            return "decryption did not return the plaintext of GCM test case 16";
        }

        tag[0] ^= 0x80;
        try
        {
            aes.Decrypt(nonce, ciphertext, tag, decrypted, aad);
            return "a tampered tag was accepted";
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
    }

    // RFC 6979 A.2.5: the P-256 key and its SHA-256 signature of "sample" must verify (and a wrong one
    // must not); then a fresh signature with the same key must verify (ECDSA signing is randomised, so
    // its known answer is the verification).
    private static string? TestEcdsaP256(bool corrupt)
    {
        var parameters = new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            D = Convert.FromHexString("C9AFA9D845BA75166B5C215767B1D6934E50C3DB36E89B127B8A622B120F6721"),
            Q = new ECPoint
            {
                X = Convert.FromHexString("60FED4BA255A9D31C961EB74C6356D68C049B8923B61FA6CE669622E60F29FB6"),
                Y = Convert.FromHexString("7903FE1008B8BC99A41AE9E95628BC64F2F1B20C2D7E9F5177A3C294D4462299"),
            },
        };
        var known = Expect(
            "EFD48B2AACB6A8FD1140DD9CD45E81D69D2C877B56AAF991C34D0EA84EAF3716" +
            "F7CB1C942D657C41D436C7A1B6E29F65F3E900DBB9AFF4064DC4AB2F843ACDA8", corrupt);
        var message = "sample"u8;

        using var key = ECDsa.Create(parameters);
        CryptographicOperations.ZeroMemory(parameters.D);
        if (!key.VerifyData(message, known, HashAlgorithmName.SHA256))
        {
            return "the RFC 6979 A.2.5 signature of \"sample\" does not verify";
        }

        var wrong = (byte[])known.Clone();
        wrong[^1] ^= 0x01;
        if (key.VerifyData(message, wrong, HashAlgorithmName.SHA256))
        {
            return "an altered signature verified";
        }

        var fresh = key.SignData(message, HashAlgorithmName.SHA256);
        if (fresh.Length != 64 || !key.VerifyData(message, fresh, HashAlgorithmName.SHA256))
        {
            return "a fresh signature does not verify";
        }
        return null;
    }
}
