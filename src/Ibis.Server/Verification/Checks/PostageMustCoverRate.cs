using Ibis.Domain.Rates;
using Ibis.Domain.Verification;

namespace Ibis.Server.Verification.Checks;

/// <summary>
/// P050 1.5: postage at least the rate of the piece on its date of mailing. The indicium carries the rate
/// category but not the weight, so a scan can only prove a shortfall against the category's lowest price
/// (first weight step, cheapest zone); heavier pieces are for weighing equipment. An unknown category is a reason of its own.
/// </summary>
internal sealed class PostageMustCoverRate : IIndiciumCheck
{
    public void Run(PieceUnderCheck piece, VerificationContext context)
    {
        var data = piece.Data!;
        if (RateCategory.FromCode(data.RateCategory) is not { } category)
        {
            piece.Fail(VerificationReasons.RateCategoryUnknown, $"rate category code {data.RateCategory} is not known");
            return;
        }
        if (!context.RateTables.TryGetValue(data.MailingDate, out var table) || table.For(category) is not { Steps.Count: > 0 } prices) return;
        var first = prices.Steps[0];
        var lowest = first.ZonePrices is { Count: > 0 } zones ? zones.Min() : first.Price;
        if (lowest is { } minimum && data.Postage < minimum)
            piece.Fail(VerificationReasons.PostageBelowRate, $"postage {data.Postage.ToDollarString()} is below the lowest {category.Label} rate {minimum.ToDollarString()} on {data.MailingDate:yyyy-MM-dd} (P050 1.5)");
    }
}
