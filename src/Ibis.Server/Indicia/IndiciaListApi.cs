using System.Text.Json.Nodes;
using Ibis.Server.Api;
using Ibis.Server.Auth;

namespace Ibis.Server.Indicia;

/// <summary>
/// <c>GET /v1/indicia</c>: the printed pieces a caller may see, newest first, filtered and cursor-paged
/// (<c>limit</c> ≤ 100, <c>starting_after</c> = the last indicium id of the previous page). The same
/// <see cref="IndiciaHistory"/> query serves the portal's History page.
/// </summary>
internal static class IndiciaListApi
{
    public static void MapIndiciaList(this RouteGroupBuilder api)
    {
        var v1 = api.MapGroup("").WithTags("Indicia"); // one tag per module in the API reference
        v1.MapGet("/indicia", List)
            .WithName("ListIndicia")
            .WithSummary("Your printed indicia, newest first. Filters: device, class (first_class, priority …), created[gte], created[lt] (date or ISO 8601 time), " +
                         "zip (destination), amount (postage, 0.740), piece (piece number or indicium id), status (printed, refund_requested, refunded). " +
                         "Cursor pagination as every list: limit (1–100, default 20), starting_after or ending_before (an indicium id); has_more is true when another page follows. " +
                         "A licensee sees its own pieces, a provider its customers'.")
            .Produces<IndiciumListView>()
            .WithMetadata(new PagedListMetadata(true))
            .ProducesProblem(400).ProducesProblem(401).ProducesProblem(403);
    }

    private static async Task<IResult> List(HttpContext http, IndiciaHistory history, ApiJson json, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        IndiciaHistory.CheckRole(caller);
        var q = http.Request.Query;
        // Paging and the created[gte|lt] window are read as on every list; the other filters are this list's own.
        var paging = PageQuery.Read(http.Request);
        var filter = IndiciaFilter.Parse(q["device"], q["class"], null, null, q["zip"], q["amount"], q["piece"], q["status"]);
        var page = await history.Page(caller, filter, paging, ct);
        var data = new JsonArray();
        foreach (var entry in page.Entries) data.Add(Item(entry, json));
        return Results.Json(new JsonObject { ["object"] = "list", ["data"] = data, ["has_more"] = page.HasMore });
    }

    /// <summary>The indicium as <c>GET /v1/indicia/{id}</c> shows it, with its refund standing.</summary>
    internal static JsonNode Item(HistoryEntry entry, ApiJson json)
    {
        var node = JsonNode.Parse(json.Serialize(IndiciumView.From(entry.Row)))!;
        node["status"] = entry.Status;
        node["refund_id"] = entry.RefundId;
        return node;
    }
}

/// <summary>The shape of <c>GET /v1/indicia</c> (for the OpenAPI document): each item is an indicium plus status and refund_id.</summary>
public sealed record IndiciumListView(string Object, IReadOnlyList<IndiciumView> Data, bool HasMore);
