using System.CommandLine;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Ibis.Cli.Verification;
using Ibis.Domain.Rates;

namespace Ibis.Cli.Rates;

/// <summary>
/// <c>ibis rates</c>: an operator's price-list commands (P050 1.5, §502.22(b)). <c>sample</c> writes
/// a SAMPLE price list to start from, <c>check</c> validates a file offline, <c>import</c> loads it
/// into a server (POST /v1/rate-tables; it applies from its effective date, no restart), <c>list</c>
/// shows what is loaded. Exit codes: 0 done, 1 the price list was refused, 2 could not be done.
/// </summary>
internal static class RatesCommand
{
    public static Command Create(CliContext context)
    {
        var rates = new Command("rates", "Price lists: write a sample, check a file, import it into a server, list what is loaded.");
        rates.Subcommands.Add(Sample(context));
        rates.Subcommands.Add(Check(context));
        rates.Subcommands.Add(Import(context));
        rates.Subcommands.Add(List(context));
        return rates;
    }

    private static Option<string> ServerOption() => new("--server")
    {
        Description = "The Ibis server (default: IBIS_SERVER, the profile's, or http://localhost:5080).",
    };

    private static Option<string?> KeyOption() => new("--api-key")
    {
        Description = "An API key of the Postal Service, which alone loads price lists (default: IBIS_API_KEY or the profile's).",
    };

    private static Command Sample(CliContext context)
    {
        var name = new Argument<string>("name")
        {
            Description = $"Which sample: {string.Join(", ", RateTableDocument.SampleNames)}.",
            DefaultValueFactory = _ => RateTableDocument.BuiltInSampleName,
        };
        var command = new Command("sample", "Write a SAMPLE price list (not an official USPS list) to standard output, to edit and import.") { name };
        command.SetAction(async (parse, ct) =>
        {
            var which = parse.GetValue(name)!;
            if (!RateTableDocument.SampleNames.Contains(which))
                throw new CliException($"no sample '{which}'; use one of {string.Join(", ", RateTableDocument.SampleNames)}");
            await context.Out.WriteAsync(RateTableDocument.SampleJson(which).AsMemory(), ct);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Check(CliContext context)
    {
        var file = new Argument<FileInfo>("file") { Description = "A price list in the format of docs/rate-tables.md." };
        var command = new Command("check", "Validate a price list without a server.") { file };
        command.SetAction(async (parse, ct) =>
        {
            var parsed = RateTableDocument.Parse(await Read(parse.GetValue(file)!, ct));
            if (!parsed.Success)
            {
                await context.Out.WriteLineAsync($"refused: {parsed.Code}{(parsed.Field is null ? "" : $" at {parsed.Field}")}: {parsed.Message}");
                return ExitCodes.Invalid;
            }
            var t = parsed.Table!;
            await context.Out.WriteLineAsync($"{t.Name}: effective {t.Effective:yyyy-MM-dd}{(t.Sample ? ", SAMPLE" : "")}, {t.Prices.Count} rate categories"
                + (t.Zones is null ? "" : $", zone chart with {t.Zones.Origins.Count} origin ranges"));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Import(CliContext context)
    {
        var file = new Argument<FileInfo>("file") { Description = "A price list in the format of docs/rate-tables.md." };
        var server = ServerOption();
        var key = KeyOption();
        var command = new Command("import", "Load a price list into the server; it prices pieces mailed on or after its effective date.") { file, server, key };
        command.SetAction(async (parse, ct) =>
        {
            var json = await Read(parse.GetValue(file)!, ct);
            // Checked here first, so an operator sees the problem without a round trip; the server checks again.
            var parsed = RateTableDocument.Parse(json);
            if (!parsed.Success)
            {
                await context.Out.WriteLineAsync($"refused: {parsed.Code}{(parsed.Field is null ? "" : $" at {parsed.Field}")}: {parsed.Message}");
                return ExitCodes.Invalid;
            }
            var (status, body) = await Send(context, HttpMethod.Post, parse.GetValue(server)!, parse.GetValue(key), "/v1/rate-tables", json, ct);
            if (status == HttpStatusCode.Created)
            {
                using var doc = JsonDocument.Parse(body);
                var r = doc.RootElement;
                await context.Out.WriteLineAsync($"loaded {r.GetProperty("name").GetString()} ({r.GetProperty("id").GetString()}), effective {r.GetProperty("effective").GetString()}"
                    + (r.GetProperty("in_force").GetBoolean() ? ", in force now" : ""));
                return ExitCodes.Ok;
            }
            await context.Out.WriteLineAsync("refused: " + Problem(status, body));
            return ExitCodes.ForStatus(status);
        });
        return command;
    }

    private static Command List(CliContext context)
    {
        var server = ServerOption();
        var key = KeyOption();
        var command = new Command("list", "The price lists the server has, oldest first.") { server, key };
        command.SetAction(async (parse, ct) =>
        {
            var (status, body) = await Send(context, HttpMethod.Get, parse.GetValue(server)!, parse.GetValue(key), "/v1/rate-tables", null, ct);
            if (status != HttpStatusCode.OK) throw new Remote.ApiRefusal(status, body);
            using var doc = JsonDocument.Parse(body);
            if (context.Output == OutputMode.Json) return await Output.Render.Object(context, doc.RootElement);
            foreach (var t in doc.RootElement.GetProperty("data").EnumerateArray())
                await context.Out.WriteLineAsync($"{t.GetProperty("effective").GetString()}  {t.GetProperty("name").GetString(),-24} {t.GetProperty("id").GetString()}"
                    + (t.GetProperty("sample").GetBoolean() ? "  SAMPLE" : "") + (t.GetProperty("in_force").GetBoolean() ? "  in force" : ""));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static async Task<string> Read(FileInfo file, CancellationToken ct)
    {
        if (!file.Exists) throw new CliException($"{file.FullName} does not exist");
        return await File.ReadAllTextAsync(file.FullName, ct);
    }

    private static Task<(HttpStatusCode Status, string Body)> Send(CliContext context, HttpMethod method, string serverText, string? key, string path, string? json, CancellationToken ct) =>
        ApiCall.Send(context, method, serverText, key, path, json, ct);

    private static string Problem(HttpStatusCode status, string body) => ApiCall.Problem(status, body);
}
