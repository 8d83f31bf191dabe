using System.Text;

namespace Ibis.Security.Keys;

/// <summary>
/// Which key store to build and how (DESIGN §4 "Keys"). The server fills it from
/// <c>Ibis:KeyStore:Kind</c>, <c>Ibis:KeyStore:Pkcs11:Module</c>, <c>:TokenLabel</c> and <c>:Pin</c>; this
/// library stays free of any configuration framework.
/// </summary>
public sealed record KeyStoreOptions
{
    /// <summary>The software store: keys wrapped under the key-encryption key (the default).</summary>
    public const string Software = "software";

    /// <summary>A PKCS#11 token such as SoftHSM2 or a hardware module.</summary>
    public const string Pkcs11 = "pkcs11";

    /// <summary><see cref="Software"/> or <see cref="Pkcs11"/> (case-insensitive).</summary>
    public string Kind { get; init; } = Software;

    /// <summary>Required for <see cref="Software"/>; copied by the store, so the caller keeps ownership.</summary>
    public KeyEncryptionKey? KeyEncryptionKey { get; init; }

    /// <summary>Path of the PKCS#11 module.</summary>
    public string Pkcs11Module { get; init; } = Pkcs11KeyStore.DefaultModulePath;

    /// <summary>Label of the token to use; required for <see cref="Pkcs11"/>.</summary>
    public string? Pkcs11TokenLabel { get; init; }

    /// <summary>The token's user PIN; required for <see cref="Pkcs11"/>. Never printed.</summary>
    public string? Pkcs11Pin { get; init; }

    // Records print every property; options end up in start-up logs, so the PIN and the KEK are masked.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Kind = ").Append(Kind);
        builder.Append(", KeyEncryptionKey = ").Append(KeyEncryptionKey is null ? "(none)" : "id " + KeyEncryptionKey.Id);
        builder.Append(", Pkcs11Module = ").Append(Pkcs11Module);
        builder.Append(", Pkcs11TokenLabel = ").Append(Pkcs11TokenLabel ?? "(none)");
        builder.Append(", Pkcs11Pin = ").Append(Pkcs11Pin is null ? "(none)" : "***");
        return true;
    }
}
