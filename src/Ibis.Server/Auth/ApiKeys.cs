using System.Security.Cryptography;
using System.Text;

namespace Ibis.Server.Auth;

/// <summary>
/// API keys: "ibis_test_" or "ibis_live_" + 32 random base62 characters (~190 bits). Stored as a
/// SHA-256 hash; a fast hash suffices because the key itself is random, not a chosen password.
/// </summary>
public static class ApiKeys
{
    public const string TestPrefix = "ibis_test_";
    public const string LivePrefix = "ibis_live_";
    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    public static string NewKey(bool test) =>
        (test ? TestPrefix : LivePrefix) + RandomNumberGenerator.GetString(Alphabet, 32);

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    public static bool HasShape(string key) =>
        (key.StartsWith(TestPrefix, StringComparison.Ordinal) || key.StartsWith(LivePrefix, StringComparison.Ordinal))
        && key.Length == TestPrefix.Length + 32;
}
