using System.Diagnostics;
using Xunit;

namespace Ibis.Server.Tests.Infrastructure;

/// <summary>Independent decoders (Debian packages) that prove our symbols scan.</summary>
public static class Scanners
{
    /// <summary>Decodes a Data Matrix with zxing-cpp's ZXingReader and returns the raw bytes.</summary>
    public static byte[] ZXingBytes(string zxingReader, string pngFile)
    {
        var psi = new ProcessStartInfo(zxingReader) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-format", "DataMatrix", "-bytes", pngFile }) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        using var ms = new MemoryStream();
        var copy = p.StandardOutput.BaseStream.CopyToAsync(ms);
        var err = p.StandardError.ReadToEndAsync();
        Assert.True(p.WaitForExit(TimeSpan.FromSeconds(60)), "ZXingReader hung");
        copy.Wait();
        var bytes = ms.ToArray();
        Assert.True(p.ExitCode == 0 && bytes.Length > 0, $"ZXingReader could not read {pngFile} (exit {p.ExitCode}): {err.Result}");
        return bytes;
    }
}
