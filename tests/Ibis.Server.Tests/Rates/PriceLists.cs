using System.Globalization;
using System.Text.Json.Nodes;
using Ibis.Domain.Rates;

namespace Ibis.Server.Tests.Rates;

/// <summary>Price lists as an operator makes them: a sample file, edited.</summary>
internal static class PriceLists
{
    /// <summary>sample-2027-01 renamed, re-dated, with the 1 oz First-Class letter at <paramref name="letterPrice"/>.</summary>
    public static string Edited(string name, DateOnly effective, string letterPrice = "0.800")
    {
        var doc = JsonNode.Parse(RateTableDocument.SampleJson("sample-2027-01"))!.AsObject();
        doc["name"] = name;
        doc["effective"] = effective.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        doc["sample"] = false;
        doc["categories"]![0]!["steps"]![0]!["price"] = letterPrice;
        return doc.ToJsonString();
    }

    public static string Date(DateTimeOffset at, int days = 0) =>
        DateOnly.FromDateTime(at.UtcDateTime).AddDays(days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
