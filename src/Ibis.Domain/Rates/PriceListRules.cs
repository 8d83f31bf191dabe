namespace Ibis.Domain.Rates;

// The classes of mail and the price lists postage is computed from (P050 1.4, 1.5, §502.22(b)).

/// <summary>P050 1.5, §502.22(b): the Postal Service publishes the prices; only it loads a price list.</summary>
public sealed record OnlyThePostalServiceLoadsPriceListsRule(bool CallerIsPostal) : IBusinessRule
{
    public string Code => "forbidden";

    public string Message => "only the Postal Service loads price lists (P050 1.5, §502.22(b))";

    public RuleKind Kind => RuleKind.Forbidden;

    public bool IsBroken() => !CallerIsPostal;
}

/// <summary>P050 1.4: IBI postage is for the classes of mail the system offers.</summary>
public sealed record MailClassMustBeOfferedRule(string MailClass) : IBusinessRule
{
    /// <summary>The classes offered, in the order of <see cref="RateCategory.All"/>.</summary>
    public static string Offered => string.Join(", ", RateCategory.All.Select(c => c.MailClass).Distinct());

    public string Code => "mail_class_unknown";

    public string Message => $"mail class '{MailClass}' is not offered (P050 1.4); use one of: {Offered}";

    public string? Field => "mail_class";

    public RuleKind Kind => RuleKind.BadInput;

    public bool IsBroken() => RateCategory.All.All(c => c.MailClass != MailClass);
}
