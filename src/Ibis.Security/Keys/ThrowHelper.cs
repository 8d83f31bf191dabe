using System.Diagnostics.CodeAnalysis;

namespace Ibis.Security.Keys;

// Keeps the throw sites out of the signing hot path so it stays small enough to inline.
internal static class ThrowHelper
{
    [DoesNotReturn]
    public static void KeyStore(string code, string message, Exception? inner = null) =>
        throw new KeyStoreException(code, message, inner);

    [DoesNotReturn]
    public static void Destroyed() =>
        throw new KeyStoreException(KeyStoreException.KeyDestroyed, "The signing key was destroyed and can no longer sign.");

    [DoesNotReturn]
    public static void MacKeyDestroyed() =>
        throw new KeyStoreException(KeyStoreException.KeyDestroyed, "The MAC key was destroyed and can no longer compute MACs.");
}
