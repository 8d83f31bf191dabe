using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ibis.Cli.Output;
using Ibis.Cli.Remote;
using Ibis.Domain.Rates;

namespace Ibis.Cli.Daily;

/// <summary>A piece to price: what the quote endpoint needs.</summary>
internal sealed record PieceQuery(RateCategory? Category, decimal Weight, string Date, string? To, string? From, string? Device);

/// <summary>
/// Prices pieces with the server's price list (the one in force on the date of mailing, P050 1.5) — the
/// CLI never prices anything itself. <c>POST /v1/rates/quote</c> answers every class of a piece in one
/// call; a server without it answers <c>GET /v1/rates/quote</c> one class at a time, and this asks it
/// once per class instead.
/// </summary>
internal sealed class Quoter(ApiSession api)
{
    private bool _postOnly;
    private string? _licensingZip;
    private bool _licensingZipLooked;

    /// <summary>Every class and category of the piece (or the one given): a list of quotes, and the classes that could not be priced.</summary>
    public async Task<JsonElement> All(PieceQuery piece, CancellationToken ct)
    {
        try
        {
            var answer = (await api.Post("/v1/rates/quote", Body(piece), ct)).Json();
            return answer.TryGetProperty("data", out _) ? answer : Wrap([answer], []);
        }
        catch (ApiRefusal r) when (r.Status is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed)
        {
            // An older server: one GET per class.
        }
        var quotes = new List<JsonElement>();
        var refused = new List<(RateCategory, ApiRefusal)>();
        foreach (var category in piece.Category is { } only ? [only] : RateCategory.All)
        {
            try
            {
                quotes.Add(await One(piece with { Category = category }, ct));
            }
            catch (ApiRefusal r) when ((int)r.Status is 400 or 422)
            {
                refused.Add((category, r));
            }
        }
        return Wrap(quotes, refused);
    }

    /// <summary>One class and category: the quote object, or an <see cref="ApiRefusal"/> naming what is wrong.</summary>
    public async Task<JsonElement> One(PieceQuery piece, CancellationToken ct)
    {
        if (piece.Category is { PricedByZone: true } && piece.From is null && piece.Device is not null)
            piece = piece with { From = await LicensingZip(piece.Device, ct) };
        if (!_postOnly)
        {
            try
            {
                return (await api.Get("/v1/rates/quote" + Query(piece), ct)).Json();
            }
            catch (ApiRefusal r) when (r.Status == HttpStatusCode.MethodNotAllowed)
            {
                _postOnly = true;
            }
        }
        var answer = (await api.Post("/v1/rates/quote", Body(piece), ct)).Json();
        return answer.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Array
            ? data.EnumerateArray().First(q => Render.Text(Render.At(q, "mail_class")) == piece.Category!.MailClass && Render.Text(Render.At(q, "rate_category")) == piece.Category.Name)
            : answer;
    }

    /// <summary>Where a zone-priced piece is mailed from by default: the licensing post office of the device's license (as print does).</summary>
    private async Task<string?> LicensingZip(string device, CancellationToken ct)
    {
        if (_licensingZipLooked) return _licensingZip;
        _licensingZipLooked = true;
        try
        {
            var license = Render.Text(Render.At((await api.Get($"/v1/devices/{ApiSession.Segment(device)}", ct)).Json(), "license_id"));
            if (license.Length > 0)
                _licensingZip = Render.Text(Render.At((await api.Get($"/v1/licenses/{ApiSession.Segment(license)}", ct)).Json(), "post_office.zip")) is { Length: > 0 } zip ? zip : null;
        }
        catch (ApiRefusal)
        {
            // Not visible to this key: the server then asks for origin_zip itself.
        }
        return _licensingZip;
    }

    private static Dictionary<string, object?> Body(PieceQuery p) => new()
    {
        ["mail_class"] = p.Category?.MailClass, ["rate_category"] = p.Category?.Name, ["weight_oz"] = p.Weight, ["mailing_date"] = p.Date,
        ["destination_zip"] = p.To, ["origin_zip"] = p.From, ["device_id"] = p.Device,
    };

    private static string Query(PieceQuery p) => "?" + string.Join('&', Body(p).Where(kv => kv.Value is not null)
        .Select(kv => $"{kv.Key}={Uri.EscapeDataString(Convert.ToString(kv.Value, System.Globalization.CultureInfo.InvariantCulture)!)}"));

    private static JsonElement Wrap(IReadOnlyList<JsonElement> quotes, IReadOnlyList<(RateCategory Category, ApiRefusal Refusal)> refused)
    {
        var data = new JsonArray(quotes.Select(q => JsonNode.Parse(q.GetRawText())).ToArray());
        var notPriced = new JsonArray(refused.Select(r => (JsonNode)new JsonObject
        {
            ["mail_class"] = r.Category.MailClass, ["rate_category"] = r.Category.Name,
            ["problem"] = ApiCall.IsJson(r.Refusal.Body) ? JsonNode.Parse(r.Refusal.Body) : null,
        }).ToArray());
        var list = new JsonObject { ["object"] = "list", ["data"] = data, ["has_more"] = false };
        if (notPriced.Count > 0) list["not_priced"] = notPriced;
        using var doc = JsonDocument.Parse(list.ToJsonString());
        return doc.RootElement.Clone();
    }
}
