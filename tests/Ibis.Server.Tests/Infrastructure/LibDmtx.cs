using System.Diagnostics;
using Xunit;

namespace Ibis.Server.Tests.Infrastructure;

/// <summary>libdmtx's dmtxread (Debian dmtx-utils), a second independent Data Matrix reader.</summary>
public static class LibDmtx
{
    /// <summary>
    /// Decodes the first Data Matrix in <paramref name="imageFile"/> and returns its raw bytes.
    /// dmtxread writes the message bytes unchanged to stdout, so stdout is read as a byte stream:
    /// decoding it as text would mangle every byte above 0x7F.
    /// </summary>
    public static byte[] ReadBytes(string dmtxread, string imageFile, TimeSpan? timeout = null)
    {
        var psi = new ProcessStartInfo(dmtxread) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "--stop-after=1", imageFile }) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        using var ms = new MemoryStream();
        var copy = p.StandardOutput.BaseStream.CopyToAsync(ms);
        var err = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeout ?? TimeSpan.FromSeconds(30)))
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail($"dmtxread did not finish reading {imageFile}");
        }
        copy.Wait();
        var bytes = ms.ToArray();
        Assert.True(p.ExitCode == 0 && bytes.Length > 0, $"dmtxread found no Data Matrix in {imageFile} (exit {p.ExitCode}): {err.Result}");
        return bytes;
    }
}
