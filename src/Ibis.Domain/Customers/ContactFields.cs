using System.Globalization;
using System.Net.Mail;

namespace Ibis.Domain.Customers;

/// <summary>
/// Validators for the contact and identification fields of a customer record and of Form 3601-A
/// (notice 820.100, categories 1 and 2). Each returns a stable error code the API reports with the field.
/// </summary>
public static class ContactFields
{
    /// <summary>USPS two-letter codes: the states, DC, the territories and the armed forces (P050 2.3d: US boundaries).</summary>
    private static readonly HashSet<string> States = new(StringComparer.Ordinal)
    {
        "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS", "KY", "LA", "ME",
        "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI",
        "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY", "AS", "GU", "MP", "PR", "VI", "FM", "MH", "PW", "AA", "AE", "AP",
    };

    public static ParseResult<string> State(string? text)
    {
        var s = (text ?? "").Trim().ToUpperInvariant();
        return States.Contains(s) ? ParseResult<string>.Ok(s) : ParseResult<string>.Fail("state_invalid", $"'{text}' is not a USPS state or territory code such as DC");
    }

    public static ParseResult<string> Zip(string? text)
    {
        var zip = Zip5.Parse(text);
        return zip.Success ? ParseResult<string>.Ok(zip.Value.ToString()) : ParseResult<string>.Fail("zip_invalid", zip.ErrorMessage!);
    }

    /// <summary>A North American number: 10 digits (an optional leading 1 dropped), area code and exchange not starting with 0 or 1.</summary>
    public static ParseResult<string> Phone(string? text)
    {
        var digits = new string((text ?? "").Where(char.IsAsciiDigit).ToArray());
        if (digits.Length == 11 && digits[0] == '1') digits = digits[1..];
        var allowed = (text ?? "").All(c => char.IsAsciiDigit(c) || c is ' ' or '-' or '(' or ')' or '.' or '+');
        if (!allowed || digits.Length != 10 || digits[0] < '2' || digits[3] < '2')
            return ParseResult<string>.Fail("phone_invalid", $"'{text}' is not a 10-digit US phone number such as 202-555-0142");
        return ParseResult<string>.Ok(string.Create(CultureInfo.InvariantCulture, $"{digits[..3]}-{digits[3..6]}-{digits[6..]}"));
    }

    public static ParseResult<string> Email(string? text)
    {
        var s = (text ?? "").Trim();
        if (s.Length is < 3 or > 254 || s.Contains(' ', StringComparison.Ordinal) || !MailAddress.TryCreate(s, out var address)
            || address.Address != s || !address.Host.Contains('.', StringComparison.Ordinal))
            return ParseResult<string>.Fail("email_invalid", $"'{text}' is not an e-mail address such as name@example.com");
        return ParseResult<string>.Ok(s);
    }

    /// <summary>D-U-N-S Number (notice category 2): nine digits, dashes allowed as printed (12-345-6789).</summary>
    public static ParseResult<string> Duns(string? text)
    {
        var s = (text ?? "").Trim().Replace("-", "", StringComparison.Ordinal);
        return s.Length == 9 && s.All(char.IsAsciiDigit)
            ? ParseResult<string>.Ok(s)
            : ParseResult<string>.Fail("duns_invalid", $"'{text}' is not a 9-digit D-U-N-S Number");
    }

    /// <summary>ABA routing number: 9 digits with 3·(d1+d4+d7) + 7·(d2+d5+d8) + (d3+d6+d9) ≡ 0 (mod 10).</summary>
    public static ParseResult<string> RoutingNumber(string? text)
    {
        var s = (text ?? "").Trim();
        if (s.Length != 9 || !s.All(char.IsAsciiDigit))
            return ParseResult<string>.Fail("routing_number_invalid", "routing_number is 9 digits");
        int D(int i) => s[i] - '0';
        return (3 * (D(0) + D(3) + D(6)) + 7 * (D(1) + D(4) + D(7)) + D(2) + D(5) + D(8)) % 10 == 0
            ? ParseResult<string>.Ok(s)
            : ParseResult<string>.Fail("routing_number_invalid", $"'{s}' fails the ABA routing number checksum");
    }

    public static ParseResult<string> AccountNumber(string? text)
    {
        var s = (text ?? "").Trim();
        return s.Length is >= 4 and <= 17 && s.All(char.IsAsciiDigit)
            ? ParseResult<string>.Ok(s)
            : ParseResult<string>.Fail("account_number_invalid", "account_number is 4 to 17 digits");
    }

    /// <summary>Notice category 2 keeps only the last four digits of an SSN, never the whole number.</summary>
    public static ParseResult<string> SsnLastFour(string? text)
    {
        var s = (text ?? "").Trim();
        return s.Length == 4 && s.All(char.IsAsciiDigit) && s != "0000"
            ? ParseResult<string>.Ok(s)
            : ParseResult<string>.Fail("ssn_last4_invalid", "ssn_last4 is the last four digits of the Social Security Number (never the whole number)");
    }

    /// <summary>Masking for screens and API responses: only the last <paramref name="keep"/> characters of a number show.</summary>
    public static string Mask(string? value, int keep = 4) =>
        string.IsNullOrEmpty(value) ? "" : "••••" + (value.Length > keep && keep > 0 ? value[^keep..] : "");
}
