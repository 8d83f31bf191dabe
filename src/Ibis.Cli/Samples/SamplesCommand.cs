using System.CommandLine;
using System.Text.Json;

namespace Ibis.Cli.Samples;

/// <summary>
/// <c>ibis samples --out DIR</c>: the visual sample sheet of docs/samples — every medium × variant
/// as a 300 dpi PNG and a PDF at physical size, plus manifest.json naming medium, variant, page size
/// and files, for people to look at and for outside tools to measure and scan. The indicia are
/// signed in-process under a throw-away sandbox CA and say SAMPLE.
/// </summary>
internal static class SamplesCommand
{
    public static Command Create(CliContext context)
    {
        var output = new Option<DirectoryInfo>("--out", "-o") { Description = "Directory to write the samples to (created if missing).", Required = true };
        var dpi = new Option<int>("--dpi") { Description = "PNG resolution: 300 (default) or 600.", DefaultValueFactory = _ => 300 };
        dpi.AcceptOnlyFromAmong("300", "600");
        var command = new Command("samples", "Render every medium and variant as PNG and PDF with a manifest.json.") { output, dpi };
        command.SetAction((parse, ct) => RunAsync(context, parse.GetValue(output)!, parse.GetValue(dpi), ct));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, DirectoryInfo directory, int dpi, CancellationToken ct)
    {
        directory.Create();
        using var signer = new SampleSigner(context.Clock.GetUtcNow());
        var entries = SampleSet.Write(signer, directory, dpi);
        const string certificates = "sample-certificates.pem";
        await File.WriteAllTextAsync(Path.Combine(directory.FullName, certificates), signer.CertificatesPem, ct);
        var manifest = new SampleManifest("ibis samples", Sandbox: true, dpi, certificates, entries);
        await File.WriteAllTextAsync(Path.Combine(directory.FullName, "manifest.json"),
            JsonSerializer.Serialize(manifest, CliJson.Options) + "\n", ct);
        var cutOut = entries.Sum(e => e.Indicia.Count(i => i.Png is not null));
        await context.Out.WriteLineAsync($"wrote {entries.Count} samples ({entries.Count * 2} pages as PNG and PDF, {cutOut} indicium images) and manifest.json to {directory.FullName}");
        return ExitCodes.Ok;
    }
}
