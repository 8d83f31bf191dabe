using Ibis.Domain.Money;

namespace Ibis.Domain.Rates;

/// <summary>
/// Prices by weight step for one rate category (P050 1.5, §502.22(b)): a first-ounce price, an
/// additional-ounce price and a maximum weight.
/// </summary>
public sealed record WeightStepPrice(RateCategory Category, Mills FirstOunce, Mills AdditionalOunce, decimal MaxWeightOz);

/// <summary>
/// A rate table effective from a date. The built-in one is a SAMPLE modelled on the metered
/// single-piece First-Class prices of July 2025; it is not an official USPS price list. An operator
/// loads the official list (a later issue adds import and versioning).
/// </summary>
public sealed class RateTable(string name, DateOnly effective, IReadOnlyList<WeightStepPrice> prices)
{
    public static RateTable BuiltInSample { get; } = new("sample-2025-07", new DateOnly(2025, 7, 13),
    [
        new(RateCategory.FirstClassLetter, Mills.FromMills(740), Mills.FromMills(290), 3.5m),
        new(RateCategory.FirstClassFlat, Mills.FromMills(1_630), Mills.FromMills(290), 13m),
        new(RateCategory.FirstClassPostcard, Mills.FromMills(610), Mills.FromMills(0), 1m),
    ]);

    public string Name { get; } = name;

    public DateOnly Effective { get; } = effective;

    /// <summary>The amount due for a piece, or a broken rule (weight out of range, unknown category).</summary>
    public Mills AmountDue(RateCategory category, decimal weightOz)
    {
        var price = prices.FirstOrDefault(p => p.Category == category)
                    ?? throw new BusinessRuleViolationException(new BrokenRule("rate_category_unknown", $"no price for {category.MailClass}/{category.Name} in table {Name}", "rate_category"));
        Rules.Check(new WeightWithinClassLimitsRule(weightOz, price.MaxWeightOz));
        // Priced per started ounce: 1.0 oz is one ounce, 1.01 oz is two.
        var ounces = (int)Math.Ceiling(weightOz);
        return price.FirstOunce + price.AdditionalOunce * Math.Max(0, ounces - 1);
    }
}

public sealed record WeightWithinClassLimitsRule(decimal WeightOz, decimal MaxOz) : IBusinessRule
{
    public string Code => "weight_invalid";

    public string Message => WeightOz <= 0
        ? $"weight must be more than 0 oz (got {WeightOz})"
        : $"{WeightOz} oz is above the {MaxOz} oz maximum for this rate category";

    public string? Field => "weight_oz";

    public bool IsBroken() => WeightOz <= 0 || WeightOz > MaxOz;
}

/// <summary>The postage on an indicium must equal or exceed the amount due (P050 1.5).</summary>
public sealed record PostageMustCoverAmountDueRule(Mills Postage, Mills AmountDue) : IBusinessRule
{
    public string Code => "postage_below_rate";

    public string Message => $"postage {Postage.ToDollarString()} is below the {AmountDue.ToDollarString()} due for this piece";

    public string? Field => "postage";

    public bool IsBroken() => Postage < AmountDue;
}
