using System.CommandLine;
using Ibis.Cli.Output;
using Ibis.Cli.Remote;

namespace Ibis.Cli.Daily;

/// <summary><c>ibis quote</c>: what a piece costs in every class (or one), on the date of mailing, before anything is spent.</summary>
internal static class QuoteCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("quote", "Price a piece in every mail class (or --class/--category) from the price list in force on the date of mailing. Spends nothing.");
        var piece = PieceOptions.AddTo(command);
        var device = Defaults.DeviceOption();
        device.Description = "Price for this device (a live device is never priced from a SAMPLE list); default: the profile's device, or your only device.";
        command.Options.Add(device);
        var remote = RemoteOptions.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            using var api = remote.Open(context, parse);
            var cls = parse.GetValue(piece.Class);
            var category = cls is null && parse.GetValue(piece.Category) is null ? null : PieceOptions.Resolve(cls, parse.GetValue(piece.Category));
            var query = new PieceQuery(category, parse.GetValue(piece.Weight)!.Value, parse.GetValue(piece.Date) ?? Defaults.Today(context),
                parse.GetValue(piece.To), parse.GetValue(piece.From), await OptionalDevice(api, parse.GetValue(device), ct));
            var quotes = await new Quoter(api).All(query, ct);
            var code = await Render.List(context, quotes,
                [Column.Of("Class", "mail_class"), Column.Of("Category", "rate_category"), Column.Of("Zone", "zone", right: true),
                 Column.Of("Amount due", "amount_due", right: true), new Column("Price list", q => Render.Text(Render.At(q, "rate_table")) + (Render.At(q, "sample").ValueKind == System.Text.Json.JsonValueKind.True ? " (SAMPLE)" : ""))],
                "class could be priced");
            if (context.Output == OutputMode.Table && quotes.TryGetProperty("not_priced", out var notPriced))
                foreach (var n in notPriced.EnumerateArray())
                    await context.Out.WriteLineAsync($"not priced: {Render.Text(Render.At(n, "mail_class"))}/{Render.Text(Render.At(n, "rate_category"))}: {Render.Text(Render.At(n, "problem.code"))}: {Render.Text(Render.At(n, "problem.detail"))}");
            // Nothing priced at all (a bad ZIP, a sample list for a live device) is a refusal, not an empty success.
            return Render.Items(quotes).Count == 0 && quotes.TryGetProperty("not_priced", out _) ? ExitCodes.Refused : code;
        });
        return command;
    }

    /// <summary>A quote needs no device, but with one it is priced as print prices it: live or test, zones from the licensing post office.</summary>
    private static async Task<string?> OptionalDevice(ApiSession api, string? named, CancellationToken ct)
    {
        try
        {
            return await Defaults.Device(api, named, ct);
        }
        catch (Exception e) when (e is CliException or ApiRefusal)
        {
            return null;
        }
    }
}
