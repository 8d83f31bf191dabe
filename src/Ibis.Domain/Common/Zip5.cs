namespace Ibis.Domain;

/// <summary>A 5-digit ZIP Code. Stored as its number (leading zeros kept by formatting).</summary>
public readonly record struct Zip5
{
    private Zip5(int value) => Value = value;

    public int Value { get; }

    public override string ToString() => Value.ToString("D5", System.Globalization.CultureInfo.InvariantCulture);

    public static Zip5 FromNumber(int value)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(value, 1); // 00000 is not a ZIP Code
        ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 99_999);
        return new Zip5(value);
    }

    /// <summary>Accepts "20260" or ZIP+4 "20260-1234" (the +4 is dropped). 00000 is not a ZIP Code.</summary>
    public static ParseResult<Zip5> Parse(string? text)
    {
        var s = (text ?? "").Trim();
        if (s.Length == 10 && s[5] == '-' && s[6..].All(char.IsAsciiDigit)) s = s[..5];
        if (s.Length != 5 || !s.All(char.IsAsciiDigit) || s == "00000")
            return ParseResult<Zip5>.Fail("zip_invalid", $"'{text}' is not a 5-digit ZIP Code");
        return ParseResult<Zip5>.Ok(new Zip5(int.Parse(s, System.Globalization.CultureInfo.InvariantCulture)));
    }
}
