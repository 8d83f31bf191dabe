namespace Ibis.Domain.Funds;

/// <summary>
/// How a licensee funds its deposit account, in the Postal Service's order of preference
/// (P050 3.5a): ACH debit, ACH credit, wire transfer, debit card, credit card, check.
/// </summary>
public sealed record PaymentMethod(string Code, string Name, int Preference)
{
    public static readonly PaymentMethod AchDebit = new("ach_debit", "ACH debit", 1);
    public static readonly PaymentMethod AchCredit = new("ach_credit", "ACH credit", 2);
    public static readonly PaymentMethod Wire = new("wire", "Wire transfer", 3);
    public static readonly PaymentMethod DebitCard = new("debit_card", "Debit card", 4);
    public static readonly PaymentMethod CreditCard = new("credit_card", "Credit card", 5);
    public static readonly PaymentMethod Check = new("check", "Check", 6);

    /// <summary>All methods, most preferred first.</summary>
    public static IReadOnlyList<PaymentMethod> InOrderOfPreference { get; } = [AchDebit, AchCredit, Wire, DebitCard, CreditCard, Check];

    public static PaymentMethod? Find(string? code) => InOrderOfPreference.FirstOrDefault(m => m.Code == code);

    public bool IsBankTransfer => this == AchDebit || this == AchCredit || this == Wire;

    public bool IsCard => this == DebitCard || this == CreditCard;
}
