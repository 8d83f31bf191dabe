using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Ibis.Server.Webhooks;

/// <summary>
/// How a webhook is signed and checked (docs/webhooks.md). Header
/// <c>Ibis-Signature: t=&lt;unix seconds&gt;,kid=&lt;key id&gt;,sig=&lt;base64&gt;</c>, where sig is
/// ECDSA P-256 with SHA-256 (IEEE P1363, r||s, 64 bytes) over the bytes of <c>"&lt;t&gt;." + body</c>.
/// A receiver accepts a delivery when the key id is the one its endpoint was given, the signature
/// verifies under that public key, and t is within <see cref="ReplayWindow"/> of its own clock; it
/// drops an event id it has already seen (a retry of a delivery it did answer, whose answer was lost).
/// </summary>
internal static class WebhookSignature
{
    public const string Header = "Ibis-Signature";

    /// <summary>How far a delivery's timestamp may be from the receiver's clock.</summary>
    public static readonly TimeSpan ReplayWindow = TimeSpan.FromMinutes(5);

    public static string Sign(ECDsa key, string keyId, DateTimeOffset at, ReadOnlySpan<byte> body)
    {
        var t = at.ToUnixTimeSeconds();
        var signature = key.SignData(Signed(t, body), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return $"t={t.ToString(CultureInfo.InvariantCulture)},kid={keyId},sig={Convert.ToBase64String(signature)}";
    }

    /// <summary>The receiver's check: null when the delivery is genuine and fresh, otherwise why not.</summary>
    public static string? Verify(string? header, ReadOnlySpan<byte> body, ECDsa publicKey, string expectedKeyId, DateTimeOffset now)
    {
        if (header is null) return "no Ibis-Signature header";
        string? t = null, kid = null, sig = null;
        foreach (var part in header.Split(','))
        {
            var kv = part.Split('=', 2);
            if (kv.Length != 2) continue;
            switch (kv[0].Trim())
            {
                case "t": t = kv[1]; break;
                case "kid": kid = kv[1]; break;
                case "sig": sig = kv[1]; break;
            }
        }
        if (!long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)) return "no timestamp";
        if (kid != expectedKeyId) return "unknown key id";
        var signature = new byte[64];
        if (sig is null || !Convert.TryFromBase64String(sig, signature, out var length) || length != 64) return "malformed signature";
        if (!publicKey.VerifyData(Signed(seconds, body), signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation))
            return "signature does not verify";
        var age = now - DateTimeOffset.FromUnixTimeSeconds(seconds);
        return age.Duration() > ReplayWindow ? "timestamp outside the replay window" : null;
    }

    private static byte[] Signed(long t, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.ASCII.GetBytes(t.ToString(CultureInfo.InvariantCulture) + ".");
        var bytes = new byte[prefix.Length + body.Length];
        prefix.CopyTo(bytes, 0);
        body.CopyTo(bytes.AsSpan(prefix.Length));
        return bytes;
    }
}
