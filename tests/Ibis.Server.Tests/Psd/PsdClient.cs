using System.Net;
using System.Text.Json.Nodes;
using Ibis.Server.Tests.Indicia;
using Ibis.Server.Tests.Infrastructure;
using Xunit;

namespace Ibis.Server.Tests.Psd;

/// <summary>Small helpers over the /v1 PSD endpoints.</summary>
internal static class PsdClient
{
    public static Task<HttpResponseMessage> Print(this HttpClient c, string deviceId, string postage = "0.740", string? key = null) =>
        c.PostJson($"/v1/devices/{deviceId}/indicia", PrintingTests.Letter(postage: postage, zip: null), key);

    public static Task<HttpResponseMessage> Reset(this HttpClient c, string deviceId, string amount, string? key = null) =>
        c.PostJson($"/v1/devices/{deviceId}/resets", new Dictionary<string, string> { ["amount"] = amount }, key);

    public static async Task<JsonNode> Device(this HttpClient c, string deviceId)
    {
        var response = await c.GetAsync($"/v1/devices/{deviceId}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Body();
    }

    public static string Amount(this JsonNode node, string field) => (string)node[field]!["amount"]!;

    /// <summary>AR|DR|CT|pieces|resets|status: everything a refused request must leave alone.</summary>
    public static async Task<string> Snapshot(this HttpClient c, string deviceId)
    {
        var d = await c.Device(deviceId);
        return $"{d.Amount("ascending_register")}|{d.Amount("descending_register")}|{d.Amount("control_total")}|{d["piece_count"]}|{d["reset_count"]}|{d["status"]}";
    }
}
