namespace Ibis.Domain.Rates;

/// <summary>
/// P050 1.5: the indicium's value must equal or exceed the exact amount due, and only the Postal
/// Service's price list says what is due (§502.22(b): the provider brings its rate changes to the
/// licensee's system). A SAMPLE list ships with Ibis so that the sandbox can price pieces; it is
/// not a USPS price list, so it never prices live postage. Sandbox devices keep using it.
/// </summary>
public sealed record SampleRateTableRule(string TableName, bool Sample, bool Live) : IBusinessRule
{
    public string Code => "rate_table_sample";

    public string Message =>
        $"the price list in force ({TableName}) is a SAMPLE, not a Postal Service price list; it prices sandbox pieces only, never live postage (P050 1.5, §502.22(b)). The Postal Service must load its price list first.";

    public string? Field => "mailing_date";

    public RuleKind Kind => RuleKind.Unprocessable;

    public bool IsBroken() => Sample && Live;
}
