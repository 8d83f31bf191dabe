namespace Ibis.Domain.Rates;

/// <summary>
/// Every price list loaded, each with its effective date. The table in force on a date of mailing
/// is the one with the latest effective date on or before it, so a future-dated table takes effect
/// on its date without anyone touching the running system (§502.22(b): rate changes reach the
/// licensee's system efficiently).
/// </summary>
public sealed class RateBook(IEnumerable<RateTable> tables)
{
    private readonly RateTable[] _tables = tables.OrderBy(t => t.Effective).ToArray();

    public IReadOnlyList<RateTable> Tables => _tables;

    /// <summary>The table in force on <paramref name="mailingDate"/>; a broken rule when none is yet.</summary>
    public RateTable On(DateOnly mailingDate)
    {
        for (var i = _tables.Length - 1; i >= 0; i--)
            if (_tables[i].Effective <= mailingDate) return _tables[i];
        throw new BusinessRuleViolationException(new BrokenRule("rate_table_missing",
            $"no rate table is in force on {mailingDate:yyyy-MM-dd}; an operator must load one (P050 1.5)", "mailing_date"));
    }
}
