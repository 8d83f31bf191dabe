using System.Text.Json.Nodes;
using Ibis.Server.Tests.Infrastructure;

namespace Ibis.Server.Tests.Funds;

internal static class FundsClient
{
    public static Task<HttpResponseMessage> Deposit(this HttpClient c, string accountId, string amount, string method = "ach_debit", string? key = null,
        string routing = "011000015", string account = "123456789") =>
        c.PostJson($"/v1/accounts/{accountId}/deposits", method switch
        {
            "ach_debit" or "wire" => new Dictionary<string, string> { ["amount"] = amount, ["method"] = method, ["routing_number"] = routing, ["account_number"] = account },
            "debit_card" or "credit_card" => new Dictionary<string, string> { ["amount"] = amount, ["method"] = method, ["card_number"] = "4111111111111111" },
            _ => new Dictionary<string, string> { ["amount"] = amount, ["method"] = method },
        }, key);

    public static async Task<JsonNode> Account(this HttpClient c, string accountId) => await (await c.GetAsync($"/v1/accounts/{accountId}")).Body();

    public static async Task<string> Balance(this HttpClient c, string accountId) => (string)(await c.Account(accountId))["balance"]!["amount"]!;
}
