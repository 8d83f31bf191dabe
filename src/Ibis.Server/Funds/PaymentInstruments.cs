using Ibis.Domain.Funds;
using Ibis.Server.Api;

namespace Ibis.Server.Funds;

/// <summary>
/// A deposit's payment instrument checked before anything is stored (P050 3.5a): the masked form to show and
/// the secret to encrypt. Card security codes are refused, never stored.
/// </summary>
internal static class PaymentInstruments
{
    /// <summary>Validates the payment instrument; returns the masked form and the secret to encrypt.</summary>
    public static (string? Masked, string? Secret) Check(PaymentMethod method, DepositRequest r)
    {
        if (r.CardSecurityCode is not null)
            throw ApiException.Invalid("card_security_code_not_accepted", "Ibis never takes a card security code; the payment processor collects it", "card_security_code");
        if (method.IsBankTransfer && method != PaymentMethod.AchCredit)
        {
            if (!AbaRoutingNumber.IsValid(r.RoutingNumber))
                throw ApiException.Invalid("routing_number_invalid", "routing_number is 9 digits with a valid ABA checksum", "routing_number");
            if (r.AccountNumber is null || r.AccountNumber.Length is < 4 or > 17 || !r.AccountNumber.All(char.IsAsciiDigit))
                throw ApiException.Invalid("account_number_invalid", "account_number is 4 to 17 digits", "account_number");
            if (method != PaymentMethod.AchDebit) return ("••••" + r.AccountNumber[^4..], $"{r.RoutingNumber}:{r.AccountNumber}");
            // The ACH batch's Standard Entry Class: PPD debits a consumer's account, CCD a company's.
            var sec = r.AccountHolder switch
            {
                null or "company" => Domain.Funds.Ach.Nacha.Ccd,
                "individual" => Domain.Funds.Ach.Nacha.Ppd,
                _ => throw ApiException.Invalid("account_holder_invalid", "account_holder is 'company' (CCD) or 'individual' (PPD)", "account_holder"),
            };
            return ("••••" + r.AccountNumber[^4..], $"{r.RoutingNumber}:{r.AccountNumber}:{sec}");
        }
        if (method.IsCard)
        {
            var pan = (r.CardNumber ?? "").Replace(" ", "", StringComparison.Ordinal);
            if (pan.Length is < 12 or > 19 || !pan.All(char.IsAsciiDigit) || !Luhn(pan))
                throw ApiException.Invalid("card_number_invalid", "card_number is 12 to 19 digits with a valid check digit", "card_number");
            return ("••••" + pan[^4..], pan);
        }
        if (method == PaymentMethod.Check)
            return (r.CheckNumber is { Length: > 0 } n ? "check " + n : null, null);
        return (null, null);
    }

    private static bool Luhn(string digits)
    {
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var d = digits[digits.Length - 1 - i] - '0';
            if (i % 2 == 1) { d *= 2; if (d > 9) d -= 9; }
            sum += d;
        }
        return sum % 10 == 0;
    }
}

/// <summary>ABA routing numbers: 9 digits, 3·(d1+d4+d7) + 7·(d2+d5+d8) + (d3+d6+d9) ≡ 0 (mod 10).</summary>
internal static class AbaRoutingNumber
{
    public static bool IsValid(string? s)
    {
        if (s is not { Length: 9 } || !s.All(char.IsAsciiDigit)) return false;
        int D(int i) => s[i] - '0';
        return (3 * (D(0) + D(3) + D(6)) + 7 * (D(1) + D(4) + D(7)) + D(2) + D(5) + D(8)) % 10 == 0;
    }
}
