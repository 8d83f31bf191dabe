using System.CommandLine;
using Ibis.Cli.Output;
using Ibis.Cli.Remote;
using Ibis.Domain.Money;
using Ibis.Rendering.Mailpieces;

namespace Ibis.Cli.Daily;

/// <summary>
/// <c>ibis print</c>: one piece. The server debits the device's descending register and signs the
/// indicium; the CLI writes its image (PDF, PNG or SVG) to a file and shows the piece and the amount.
/// </summary>
internal static class PrintCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("print", "Print one indicium (default a First-Class letter): debits the device, writes the PDF/PNG/SVG to a file, shows the piece and the amount.");
        var piece = PieceOptions.AddTo(command);
        var postage = new Option<string?>("--postage") { Description = "Postage in dollars, e.g. 0.740 (default: the amount due from the price list)." };
        var medium = new Option<string?>("--medium") { Description = $"What it is printed on: {string.Join(", ", MediumSpec.Every.Select(m => m.Name))}." };
        var toName = new Option<string?>("--to-name") { Description = "Recipient's name: prints the address block with an Intelligent Mail barcode (with --to-street, --to-city, --to-state, --to)." };
        var toStreet = new Option<string[]>("--to-street") { Description = "A delivery address line; repeat for up to 3.", AllowMultipleArgumentsPerToken = false };
        var toCity = new Option<string?>("--to-city") { Description = "Recipient's city." };
        var toState = new Option<string?>("--to-state") { Description = "Recipient's state (2 letters)." };
        var fromAddress = new Option<string?>("--from-address-id") { Description = "The return address printed upper left: an address book entry (adr_…) or 'none' (default: your default return address, if set)." };
        var format = new Option<string?>("--format") { Description = "pdf (default), png or svg; default: from --out's extension." };
        format.AcceptOnlyFromAmong("pdf", "png", "svg");
        var output = new Option<FileInfo?>("--out") { Description = "The file to write (default: <indicium id>.<format> here)." };
        var idempotency = new Option<string?>("--idempotency-key") { Description = "Send again with the same key after a failure: the server returns the first indicium instead of printing twice." };
        var device = Defaults.DeviceOption();
        foreach (var o in new Option[] { postage, medium, toName, toStreet, toCity, toState, fromAddress, format, output, idempotency, device }) command.Options.Add(o);
        var remote = RemoteOptions.AddTo(command);
        command.Validators.Add(r =>
        {
            if (r.GetValue(postage) is { } p && !Mills.ParseDollars(p).Success) r.AddError($"--postage '{p}' is not an amount in dollars like 0.740");
            if (r.GetValue(medium) is { } m && MediumSpec.FindByName(m) is null) r.AddError($"--medium '{m}' is not one of: {string.Join(", ", MediumSpec.Every.Select(s => s.Name))}");
            if (r.GetValue(toName) is not null && r.GetValue(piece.To) is null) r.AddError("--to-name needs --to (the recipient's ZIP Code)");
        });
        command.SetAction(async (parse, ct) =>
        {
            using var api = remote.Open(context, parse);
            var category = PieceOptions.Resolve(parse.GetValue(piece.Class), parse.GetValue(piece.Category));
            var deviceId = await Defaults.Device(api, parse.GetValue(device), ct);
            var body = new Dictionary<string, object?>
            {
                ["mail_class"] = category.MailClass, ["rate_category"] = category.Name, ["weight_oz"] = parse.GetValue(piece.Weight),
                ["postage"] = parse.GetValue(postage), ["mailing_date"] = parse.GetValue(piece.Date) ?? Defaults.Today(context),
                ["destination_zip"] = parse.GetValue(piece.To), ["origin_zip"] = parse.GetValue(piece.From), ["medium"] = parse.GetValue(medium)?.ToLowerInvariant(),
                ["from_address_id"] = parse.GetValue(fromAddress),
            };
            if (parse.GetValue(toName) is { } name)
                body["to_address"] = new Dictionary<string, object?>
                {
                    ["name"] = name, ["lines"] = parse.GetValue(toStreet) ?? [], ["city"] = parse.GetValue(toCity), ["state"] = parse.GetValue(toState), ["zip5"] = parse.GetValue(piece.To),
                };
            var answer = await api.Post($"/v1/devices/{ApiSession.Segment(deviceId)}/indicia", body, ct, parse.GetValue(idempotency));
            var indicium = answer.Json();
            var file = await Images.Save(api, indicium, parse.GetValue(format), parse.GetValue(output), ct);
            if (answer.Replayed) await context.Err.WriteLineAsync("ibis: this idempotency key was used before: the first indicium is shown, nothing was printed again");
            if (context.Output == OutputMode.Json) return await Render.Object(context, indicium);
            return await Render.Object(context, indicium,
            [
                Column.Of("indicium", "id"), Column.Of("piece number", "piece_number"), Column.Of("device", "device_id"),
                new Column("class", e => $"{Render.Text(Render.At(e, "mail_class"))} {Render.Text(Render.At(e, "rate_category"))}, {Render.Text(Render.At(e, "weight_oz"))} oz"),
                Column.Of("postage", "postage"), Column.Of("date of mailing", "mailing_date"), Column.Of("to ZIP", "destination_zip"),
                new Column("return address", e => Render.Text(Render.At(e, "from_address.company")) is { Length: > 0 } company ? company : Render.Text(Render.At(e, "from_address.name"))),
                Column.Of("postage left (DR)", "descending_register"), Column.Of("mode", "mode"), new Column("file", _ => file),
            ]);
        });
        return command;
    }
}
