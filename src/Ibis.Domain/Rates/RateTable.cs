using Ibis.Domain.Money;

namespace Ibis.Domain.Rates;

/// <summary>
/// One weight step of a price list: pieces weighing at most <see cref="UpToOz"/> (and more than
/// the previous step) pay <see cref="Price"/>, or for zone-priced classes the price of their zone.
/// </summary>
/// <param name="UpToOz">Upper weight bound of the step, inclusive, in ounces.</param>
/// <param name="Price">The price when the category is not zone-priced.</param>
/// <param name="ZonePrices">Prices of zones 1 to 9 (index 0 is zone 1) when the category is zone-priced.</param>
public sealed record WeightStep(decimal UpToOz, Mills? Price, IReadOnlyList<Mills>? ZonePrices)
{
    public Mills PriceFor(int? zone) => ZonePrices is null
        ? Price!.Value
        : ZonePrices[(zone ?? throw new ArgumentNullException(nameof(zone))) - 1];

    public bool Equals(WeightStep? other) =>
        other is not null && UpToOz == other.UpToOz && Price == other.Price
        && (ZonePrices ?? []).SequenceEqual(other.ZonePrices ?? []) && (ZonePrices is null) == (other.ZonePrices is null);

    public override int GetHashCode() => HashCode.Combine(UpToOz, Price, ZonePrices?.Count);
}

/// <summary>The weight steps of one rate category; the last step's bound is the class maximum.</summary>
public sealed record CategoryPrices(RateCategory Category, IReadOnlyList<WeightStep> Steps)
{
    public decimal MaxWeightOz => Steps[^1].UpToOz;

    public bool Equals(CategoryPrices? other) => other is not null && Category == other.Category && Steps.SequenceEqual(other.Steps);

    public override int GetHashCode() => HashCode.Combine(Category, Steps.Count);
}

/// <summary>
/// A price list effective from a date (P050 1.5, §502.22(b)): prices per rate category by weight
/// step, and by zone for Priority and Express Mail through the zone chart that comes with it.
/// Tables are read from the JSON format of docs/rate-tables.md (<see cref="RateTableDocument"/>).
/// The built-in one is a SAMPLE modelled on the metered prices of July 2025; it is not an official
/// USPS price list.
/// </summary>
public sealed class RateTable
{
    private readonly IReadOnlyList<CategoryPrices> _prices;

    public RateTable(string name, DateOnly effective, bool sample, IReadOnlyList<CategoryPrices> prices, ZoneChart? zones)
    {
        Name = name;
        Effective = effective;
        Sample = sample;
        _prices = prices;
        Zones = zones;
    }

    /// <summary>The sample table shipped in the assembly (Rates/Samples/sample-2025-07.json).</summary>
    public static RateTable BuiltInSample { get; } = RateTableDocument.LoadSample(RateTableDocument.BuiltInSampleName);

    public string Name { get; }

    public DateOnly Effective { get; }

    /// <summary>True for the sample tables shipped with Ibis: not an official price list.</summary>
    public bool Sample { get; }

    public ZoneChart? Zones { get; }

    public IReadOnlyList<CategoryPrices> Prices => _prices;

    /// <summary>The prices of a category, or null when this table does not offer it.</summary>
    public CategoryPrices? For(RateCategory category) => _prices.FirstOrDefault(p => p.Category.Code == category.Code);

    /// <summary>The zone of a piece for this table's zone chart (P050 1.5: the exact amount due needs the zone).</summary>
    public int ZoneFor(Zip5 origin, Zip5 destination)
    {
        if (Zones is null)
            throw new BusinessRuleViolationException(new BrokenRule("zone_chart_missing", $"rate table {Name} has no zone chart", "destination_zip"));
        return Zones.ZoneFor(origin, destination);
    }

    /// <summary>The amount due for a piece not priced by zone.</summary>
    public Mills AmountDue(RateCategory category, decimal weightOz) => AmountDue(category, weightOz, zone: null);

    /// <summary>
    /// The amount due for a piece (P050 1.5): the first weight step whose bound is at or above the
    /// weight; a zone-priced category needs its zone. Broken rules: category not in the table,
    /// weight ≤ 0 or above the class maximum, missing zone.
    /// </summary>
    public Mills AmountDue(RateCategory category, decimal weightOz, int? zone)
    {
        var prices = For(category)
                    ?? throw new BusinessRuleViolationException(new BrokenRule("rate_category_unknown", $"rate table {Name} has no prices for {category.MailClass}/{category.Name}", "rate_category", RuleKind.BadInput));
        Rules.Check(new WeightWithinClassLimitsRule(weightOz, prices.MaxWeightOz));
        if (category.PricedByZone && zone is null)
            throw new BusinessRuleViolationException(new BrokenRule("destination_zip_required", $"{category.MailClass} is priced by zone: destination_zip is required", "destination_zip", RuleKind.BadInput));
        var step = prices.Steps.First(s => weightOz <= s.UpToOz);
        return step.PriceFor(category.PricedByZone ? zone : null);
    }
}

/// <summary>P050 1.5 with the class limits: more than 0 oz and at most the class maximum of the table.</summary>
public sealed record WeightWithinClassLimitsRule(decimal WeightOz, decimal MaxOz) : IBusinessRule
{
    public string Code => "weight_invalid";

    public RuleKind Kind => RuleKind.BadInput;

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

    public string Message => $"postage {Postage.ToDollarString()} is below the {AmountDue.ToDollarString()} due for this piece on its date of mailing (P050 1.5)";

    public string? Field => "postage";

    public bool IsBroken() => Postage < AmountDue;
}
