using System.Diagnostics;
using Ibis.Testing;

namespace Ibis.Barcodes.Tests.Support;

/// <summary>Runs the independent decoders (and libdmtx's writer) with byte-exact stdout.</summary>
internal static class ExternalTools
{
    public static string ZXingReader() => Requires.Tool("ZXingReader", "zxing-cpp-tools");

    public static string DmtxRead() => Requires.Tool("dmtxread", "dmtx-utils");

    public static string DmtxWrite() => Requires.Tool("dmtxwrite", "dmtx-utils");

    /// <summary>ZXingReader's raw bytes for the Data Matrix in <paramref name="png"/>, or null when it finds none.</summary>
    public static byte[]? ZXingDecode(string tool, string png)
    {
        var (exit, stdout, _) = Run(tool, null, "-format", "DataMatrix", "-bytes", png);
        return exit == 0 && stdout.Length > 0 ? stdout : null;
    }

    /// <summary>dmtxread's raw bytes (no trailing newline is added without -n), or null when it finds none.</summary>
    public static byte[]? DmtxDecode(string tool, string png)
    {
        var (exit, stdout, _) = Run(tool, null, "-N1", "-m", "20000", png);
        return exit == 0 && stdout.Length > 0 ? stdout : null;
    }

    public static (int ExitCode, byte[] Stdout, string Stderr) Run(string file, byte[]? stdin, params string[] args)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
            UseShellExecute = false,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        using var stdout = new MemoryStream();
        var copy = p.StandardOutput.BaseStream.CopyToAsync(stdout);
        var stderr = p.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            p.StandardInput.BaseStream.Write(stdin);
            p.StandardInput.Close();
        }
        if (!p.WaitForExit(TimeSpan.FromMinutes(1)))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} did not finish in a minute");
        }
        copy.Wait();
        return (p.ExitCode, stdout.ToArray(), stderr.Result);
    }
}
