using System.Reflection;
using System.Runtime.InteropServices;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace Ibis.Security.Keys;

/// <summary>
/// One loaded and initialised PKCS#11 module, shared by every <see cref="Pkcs11KeyStore"/> of the process
/// that names the same module file.
/// </summary>
/// <remarks>
/// A module may be initialised (C_Initialize) only once per process; a second load would fail with
/// CKR_CRYPTOKI_ALREADY_INITIALIZED, and finalising it under another store would pull every session out
/// from under that store. So modules are reference-counted here and finalised when the last store goes.
/// </remarks>
internal sealed class Pkcs11Module
{
    private static readonly Lock Gate = new();
    private static readonly Dictionary<string, Pkcs11Module> Loaded = new(StringComparer.Ordinal);
    private static bool _resolverInstalled;

    private int _references;

    private Pkcs11Module(string path, Pkcs11InteropFactories factories, IPkcs11Library library)
    {
        Path = path;
        Factories = factories;
        Library = library;
    }

    public string Path { get; }

    public Pkcs11InteropFactories Factories { get; }

    public IPkcs11Library Library { get; }

    /// <summary>Loads and initialises the module, or returns the already loaded one, adding a reference.</summary>
    public static Pkcs11Module Acquire(string modulePath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modulePath);
        var path = System.IO.Path.GetFullPath(modulePath);
        lock (Gate)
        {
            if (!Loaded.TryGetValue(path, out var module))
            {
                if (!File.Exists(path))
                {
                    throw new KeyStoreException(KeyStoreException.Unavailable,
                        $"The PKCS#11 module '{path}' does not exist. For SoftHSM2: apt-get install -y softhsm2 (module /usr/lib/softhsm/libsofthsm2.so).");
                }

                InstallLibdlResolver();
                var factories = new Pkcs11InteropFactories();
                IPkcs11Library library;
                try
                {
                    library = factories.Pkcs11LibraryFactory.LoadPkcs11Library(factories, path, AppType.MultiThreaded);
                }
                catch (Exception ex) when (ex is Pkcs11Exception or UnmanagedException or LibraryArchitectureException or UnsupportedPlatformException or DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
                {
                    throw new KeyStoreException(KeyStoreException.Unavailable,
                        $"The PKCS#11 module '{path}' could not be loaded and initialised: {ex.Message}", ex);
                }
                module = new Pkcs11Module(path, factories, library);
                Loaded.Add(path, module);
            }
            module._references++;
            return module;
        }
    }

    /// <summary>Drops a reference; the last one finalises and unloads the module.</summary>
    public void Release()
    {
        lock (Gate)
        {
            if (--_references > 0)
            {
                return;
            }
            Loaded.Remove(Path);
            Library.Dispose();
        }
    }

    // Pkcs11Interop loads modules through dlopen, which it P/Invokes from "libdl". glibc 2.34+ systems
    // (Debian 12) ship only libdl.so.2, so without this the first load fails with DllNotFoundException.
    // A resolver can be installed once per assembly; if the host already installed one, that one wins.
    private static void InstallLibdlResolver()
    {
        if (_resolverInstalled)
        {
            return;
        }
        _resolverInstalled = true;
        try
        {
            NativeLibrary.SetDllImportResolver(typeof(Pkcs11InteropFactories).Assembly, ResolveLibdl);
        }
        catch (InvalidOperationException)
        {
            // Another component of the process registered a resolver for Pkcs11Interop first.
        }
    }

    private static IntPtr ResolveLibdl(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (libraryName == "libdl" && OperatingSystem.IsLinux()
            && NativeLibrary.TryLoad("libdl.so.2", assembly, searchPath, out var handle))
        {
            return handle;
        }
        // Zero falls back to the runtime's default probing.
        return IntPtr.Zero;
    }
}
