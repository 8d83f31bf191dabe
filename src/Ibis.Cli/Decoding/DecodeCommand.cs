using System.CommandLine;
using System.Text.Json;
using Ibis.Cli.Indicia;
using Ibis.Cli.Scanning;
using Ibis.Domain.Indicia;

namespace Ibis.Cli.Decoding;

/// <summary>
/// <c>ibis decode &lt;file&gt;</c>: reads the barcode and shows its bytes and fields, checking
/// nothing — for a clerk who wants to see what a piece claims before (or without) verifying it.
/// </summary>
internal static class DecodeCommand
{
    public static Command Create(CliContext context)
    {
        var file = new Argument<FileInfo?>("file")
        {
            Description = "An image of the indicium (PNG, JPEG…) or a binary file of its bytes (.bin).",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var data = new Option<string?>("--data") { Description = "The indicium bytes as base64, instead of a file." };
        var json = new Option<bool>("--json") { Description = "Write JSON for scripts instead of text." };

        var command = new Command("decode", "Show the bytes and fields of an indicium barcode, without verifying it.")
        {
            file, data, json,
        };
        command.Validators.Add(r => InputValidation.ExactlyOneSource(r, file, data));
        command.SetAction((parse, ct) => RunAsync(context, IndiciumInput.Load(parse.GetValue(file), parse.GetValue(data)), parse.GetValue(json) || context.Output == OutputMode.Json, ct));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, IndiciumInput input, bool json, CancellationToken ct)
    {
        var parsed = IndiciumCodec.Parse(input.Bytes);
        var fields = parsed.Success ? DecodedIndicium.Of(parsed.Value) : null;
        var w = context.Out;
        if (json)
        {
            var body = new DecodeOutput(
                input.Source,
                input.Bytes.Length,
                Convert.ToHexStringLower(input.Bytes),
                fields,
                parsed.Success ? null : new DecodeError(parsed.ErrorCode!, parsed.ErrorMessage!));
            await w.WriteLineAsync(JsonSerializer.Serialize(body, CliJson.Options).AsMemory(), ct);
        }
        else
        {
            await w.WriteLineAsync($"Source: {input.Source}");
            await w.WriteLineAsync($"Bytes ({input.Bytes.Length}):");
            foreach (var line in IndiciumBytes.HexDump(input.Bytes)) await w.WriteLineAsync("  " + line);
            if (fields is not null)
            {
                await w.WriteLineAsync("Fields (not verified):");
                await fields.WriteTextAsync(w);
            }
        }

        if (parsed.Success) return ExitCodes.Ok;
        await context.Err.WriteLineAsync($"ibis: {input.Source} does not hold an Ibis indicium: {parsed.ErrorMessage} ({parsed.ErrorCode})");
        return ExitCodes.Unusable;
    }

    private sealed record DecodeError(string Code, string Message);

    private sealed record DecodeOutput(string Source, int Length, string Hex, DecodedIndicium? Indicium, DecodeError? Error);
}
