namespace Ibis.Security.Keys;

/// <summary>
/// A key-store operation was refused or failed. <see cref="Code"/> is stable and becomes the API error
/// code; the message is for operators and never contains key material.
/// </summary>
public sealed class KeyStoreException : Exception
{
    /// <summary>The handle is malformed, was altered, or was wrapped under a different key-encryption key.</summary>
    public const string HandleInvalid = "key_handle_invalid";

    /// <summary>The key was destroyed (zeroized); it can no longer sign.</summary>
    public const string KeyDestroyed = "key_destroyed";

    /// <summary>A freshly generated key failed the sign/verify pair-wise consistency test.</summary>
    public const string PairwiseConsistencyFailed = "pairwise_consistency_failed";

    /// <summary>The start-up known-answer tests failed, so the store refuses to generate or sign.</summary>
    public const string SelfTestFailed = "self_test_failed";

    /// <summary>The configured or stored key-encryption key is unusable.</summary>
    public const string KeyEncryptionKeyInvalid = "kek_invalid";

    /// <summary>The store could not generate or wrap a new key.</summary>
    public const string KeyGenerationFailed = "key_generation_failed";

    /// <summary>The key store itself cannot be reached: the PKCS#11 module, token or PIN is wrong or the token failed.</summary>
    public const string Unavailable = "key_store_unavailable";

    /// <summary>The certificate authority's key handle does not match its certificate.</summary>
    public const string CaKeyMismatch = "ca_key_mismatch";

    public KeyStoreException()
        : this("key_store_error", "The key store failed.")
    {
    }

    public KeyStoreException(string message)
        : this("key_store_error", message)
    {
    }

    public KeyStoreException(string message, Exception innerException)
        : this("key_store_error", message, innerException)
    {
    }

    public KeyStoreException(string code, string message)
        : base(message)
    {
        Code = code;
    }

    public KeyStoreException(string code, string message, Exception? innerException)
        : base(message, innerException)
    {
        Code = code;
    }

    /// <summary>Stable, machine-readable reason, e.g. <c>key_destroyed</c>.</summary>
    public string Code { get; }
}
