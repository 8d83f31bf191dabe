using System.Runtime.InteropServices;
using Ibis.Security.Keys;
using Ibis.Testing;
using Xunit;

namespace Ibis.Security.Tests.Keys;

/// <summary>
/// A throwaway SoftHSM2 installation shared by every PKCS#11 test of the run. A PKCS#11 module reads its
/// configuration (SOFTHSM2_CONF) once, at C_Initialize, and can be initialised only once per process, so
/// all tokens the tests need are created up front under one temporary directory and one configuration,
/// before the module is first loaded.
/// </summary>
public sealed class SoftHsmFixture : IDisposable
{
    public const string UserPin = "5678";
    public const string SoPin = "1234";

    /// <summary>The token that <see cref="Store"/> uses.</summary>
    public const string MainToken = "ibis-main";

    /// <summary>A second token, to prove handles do not cross tokens.</summary>
    public const string OtherToken = "ibis-other";

    /// <summary>Only ever logged in to with a wrong PIN (a correct login elsewhere would mask it).</summary>
    public const string PinTestToken = "ibis-pin";

    private readonly Lazy<Setup> _setup;

    public SoftHsmFixture() => _setup = new Lazy<Setup>(Create, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string ModulePath => Pkcs11KeyStore.DefaultModulePath;

    /// <summary>A store on <see cref="MainToken"/>, open for the whole run. Skips (or fails under IBIS_REQUIRE_ALL=1) without SoftHSM2.</summary>
    public Pkcs11KeyStore Store
    {
        get
        {
            RequireSoftHsm();
            return _setup.Value.Store;
        }
    }

    /// <summary>Opens another store on a token of this fixture; the caller disposes it.</summary>
    public Pkcs11KeyStore OpenStore(string token, string pin = UserPin)
    {
        _ = Store;
        return new Pkcs11KeyStore(ModulePath, token, pin);
    }

    public static void RequireSoftHsm()
    {
        Requires.Tool("softhsm2-util", "softhsm2");
        Requires.That(File.Exists(ModulePath), $"the SoftHSM2 module {ModulePath}", "apt-get install -y softhsm2");
    }

    public void Dispose()
    {
        if (_setup.IsValueCreated)
        {
            _setup.Value.Store.Dispose();
            try
            {
                Directory.Delete(_setup.Value.Directory, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp directory is harmless.
            }
        }
    }

    private static Setup Create()
    {
        var util = Requires.Tool("softhsm2-util", "softhsm2");
        var directory = Path.Combine(Path.GetTempPath(), "ibis-softhsm-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(directory, "tokens"));
        var conf = Path.Combine(directory, "softhsm2.conf");
        File.WriteAllText(conf,
            $"directories.tokendir = {Path.Combine(directory, "tokens")}\nobjectstore.backend = file\nlog.level = ERROR\n");

        // softhsm2-util (a child process) and the module loaded into this process both read the variable,
        // the module at C_Initialize. On Unix, Environment.SetEnvironmentVariable changes only .NET's own
        // copy (which child processes inherit) and not the C environment that the module's getenv reads,
        // so the C one is set too.
        Environment.SetEnvironmentVariable("SOFTHSM2_CONF", conf);
        if (!OperatingSystem.IsWindows() && NativeMethods.setenv("SOFTHSM2_CONF", conf, 1) != 0)
        {
            throw new InvalidOperationException($"setenv failed: errno {Marshal.GetLastPInvokeError()}");
        }

        foreach (var label in new[] { MainToken, OtherToken, PinTestToken })
        {
            var (exit, stdout, stderr) = Requires.Run(util, "--init-token", "--free", "--label", label, "--so-pin", SoPin, "--pin", UserPin);
            if (exit != 0)
            {
                throw new InvalidOperationException($"softhsm2-util --init-token failed ({exit}): {stdout} {stderr}");
            }
        }

        return new Setup(directory, new Pkcs11KeyStore(ModulePath, MainToken, UserPin));
    }

    private sealed record Setup(string Directory, Pkcs11KeyStore Store);

    private static class NativeMethods
    {
        [DllImport("libc", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
#pragma warning disable SYSLIB1054 // A source-generated LibraryImport would need unsafe code enabled for one test helper.
        public static extern int setenv(string name, string value, int overwrite);
#pragma warning restore SYSLIB1054
    }
}

[CollectionDefinition(Name)]
public sealed class SoftHsmCollection : ICollectionFixture<SoftHsmFixture>
{
    public const string Name = "SoftHSM2";
}
