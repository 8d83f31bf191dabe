using System.Text.Json;
using Ibis.Cli.Indicia;

namespace Ibis.Cli.Verification;

internal sealed record VerificationReason(string Code, string Message);

/// <summary>
/// The answer of <c>POST /v1/verifications</c> (valid, mode, reasons, indicium), plus where the
/// answer came from. Offline verification fills the same shape, so --json output does not depend
/// on the mode.
/// </summary>
internal sealed record VerificationReport(
    bool Valid,
    string? Mode,
    IReadOnlyList<VerificationReason> Reasons,
    DecodedIndicium? Indicium)
{
    /// <summary>"offline" or the server's base URL.</summary>
    public string VerifiedBy { get; init; } = "";

    public string Source { get; init; } = "";

    /// <summary>What was not checked, and other remarks that do not make the indicium invalid.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    public async Task WriteAsync(TextWriter w, bool json, CancellationToken ct)
    {
        if (json)
        {
            await w.WriteLineAsync(JsonSerializer.Serialize(this, CliJson.Options).AsMemory(), ct);
            return;
        }

        var verdict = Valid ? "VALID" : "INVALID";
        var mode = Mode switch
        {
            "test" => " (test mode: a sandbox indicium, never postage on live mail)",
            "live" => " (live)",
            _ => "",
        };
        await w.WriteLineAsync($"{verdict}{mode}");
        await w.WriteLineAsync($"Verified by: {VerifiedBy}");
        await w.WriteLineAsync($"Source:      {Source}");
        if (Reasons.Count > 0)
        {
            await w.WriteLineAsync("Reasons:");
            foreach (var r in Reasons) await w.WriteLineAsync($"  {r.Code}: {r.Message}");
        }
        if (Indicium is not null)
        {
            await w.WriteLineAsync("Indicium:");
            await Indicium.WriteTextAsync(w);
        }
        if (Notes.Count > 0)
        {
            await w.WriteLineAsync("Notes:");
            foreach (var n in Notes) await w.WriteLineAsync($"  {n}");
        }
    }
}
