using System.Runtime.InteropServices;
using Ibis.Testing;

namespace Ibis.Server.Tests.Infrastructure;

/// <summary>
/// A throwaway SoftHSM2 token for a server under test. The module reads SOFTHSM2_CONF from the C
/// environment at C_Initialize, once per process, so this sets it with setenv as well.
/// </summary>
public sealed class SoftHsmToken : IDisposable
{
    public const string Label = "ibis-server";
    public const string Pin = "5678";
    private static readonly Lazy<string> Directory_ = new(Create);

    public static string ModulePath => "/usr/lib/softhsm/libsofthsm2.so";

    /// <summary>Ensures the token exists (skips or fails when SoftHSM2 is missing).</summary>
    public static IReadOnlyDictionary<string, string> ServerSettings()
    {
        _ = Directory_.Value;
        return new Dictionary<string, string>
        {
            ["Ibis:KeyStore:Kind"] = "pkcs11",
            ["Ibis:KeyStore:Pkcs11:Module"] = ModulePath,
            ["Ibis:KeyStore:Pkcs11:TokenLabel"] = Label,
            ["Ibis:KeyStore:Pkcs11:Pin"] = Pin,
        };
    }

    private static string Create()
    {
        var util = Requires.Tool("softhsm2-util", "softhsm2");
        Requires.That(File.Exists(ModulePath), "the SoftHSM2 PKCS#11 module", "apt-get install -y softhsm2");
        var directory = Path.Combine(Path.GetTempPath(), "ibis-server-softhsm-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Path.Combine(directory, "tokens"));
        var conf = Path.Combine(directory, "softhsm2.conf");
        File.WriteAllText(conf, $"directories.tokendir = {Path.Combine(directory, "tokens")}\nobjectstore.backend = file\nlog.level = ERROR\n");
        Environment.SetEnvironmentVariable("SOFTHSM2_CONF", conf);
        if (!OperatingSystem.IsWindows() && setenv("SOFTHSM2_CONF", conf, 1) != 0)
            throw new InvalidOperationException("setenv SOFTHSM2_CONF failed");
        var (exit, stdout, stderr) = Requires.Run(util, "--init-token", "--free", "--label", Label, "--so-pin", "1234", "--pin", Pin);
        if (exit != 0) throw new InvalidOperationException($"softhsm2-util --init-token failed ({exit}): {stdout} {stderr}");
        return directory;
    }

    public void Dispose()
    {
    }

    [DllImport("libc", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
#pragma warning disable SYSLIB1054 // LibraryImport would need unsafe code for one test helper.
    private static extern int setenv(string name, string value, int overwrite);
#pragma warning restore SYSLIB1054
}
