namespace Ibis.Security.Keys;

/// <summary>Builds the key store named by <see cref="KeyStoreOptions.Kind"/>.</summary>
public static class KeyStoreFactory
{
    /// <summary>
    /// Creates the store. Both implementations are <see cref="IDisposable"/>; the caller owns the result.
    /// </summary>
    /// <exception cref="ArgumentException">The kind is unknown or a setting it needs is missing.</exception>
    /// <exception cref="KeyStoreException">Code <c>key_store_unavailable</c>: the PKCS#11 module, token or PIN is wrong.</exception>
    public static IKeyStore Create(KeyStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var kind = options.Kind?.Trim() ?? "";

        if (kind.Equals(KeyStoreOptions.Software, StringComparison.OrdinalIgnoreCase))
        {
            var kek = options.KeyEncryptionKey
                      ?? throw new ArgumentException("The software key store needs a key-encryption key (KeyStoreOptions.KeyEncryptionKey).", nameof(options));
            return new SoftwareKeyStore(kek);
        }

        if (kind.Equals(KeyStoreOptions.Pkcs11, StringComparison.OrdinalIgnoreCase))
        {
            if (string.IsNullOrWhiteSpace(options.Pkcs11TokenLabel))
            {
                throw new ArgumentException("The pkcs11 key store needs a token label (Ibis:KeyStore:Pkcs11:TokenLabel).", nameof(options));
            }
            if (string.IsNullOrEmpty(options.Pkcs11Pin))
            {
                throw new ArgumentException("The pkcs11 key store needs the token's user PIN (Ibis:KeyStore:Pkcs11:Pin).", nameof(options));
            }
            var module = string.IsNullOrWhiteSpace(options.Pkcs11Module) ? Pkcs11KeyStore.DefaultModulePath : options.Pkcs11Module;
            return new Pkcs11KeyStore(module, options.Pkcs11TokenLabel, options.Pkcs11Pin);
        }

        throw new ArgumentException(
            $"Unknown key store kind '{options.Kind}'; expected '{KeyStoreOptions.Software}' or '{KeyStoreOptions.Pkcs11}' (Ibis:KeyStore:Kind).", nameof(options));
    }
}
