using System.Globalization;

namespace Ibis.Domain.Money;

/// <summary>
/// An exact amount of money in mills (1/1000 dollar). Registers, ledgers and postage are always
/// mills; dollars are parsed and formatted only at the edges. Arithmetic is checked: an overflow is
/// a bug, never a wrap-around.
/// </summary>
public readonly struct Mills : IEquatable<Mills>, IComparable<Mills>
{
    /// <summary>The largest amount Ibis accepts from outside: $1,000,000,000.000.</summary>
    public static readonly Mills MaxInput = new(1_000_000_000_000L);

    public static readonly Mills Zero = new(0);

    private readonly long _value;

    private Mills(long value) => _value = value;

    /// <summary>The amount as an integer number of mills.</summary>
    public long Value => _value;

    public static Mills FromMills(long mills) => new(mills);

    public static Mills FromCents(long cents) => new(checked(cents * 10));

    public bool IsNegative => _value < 0;

    public bool IsPositive => _value > 0;

    public static Mills operator +(Mills a, Mills b) => new(checked(a._value + b._value));

    public static Mills operator -(Mills a, Mills b) => new(checked(a._value - b._value));

    public static Mills operator -(Mills a) => new(checked(-a._value));

    public static Mills operator *(Mills a, int factor) => new(checked(a._value * factor));

    public static bool operator ==(Mills a, Mills b) => a._value == b._value;

    public static bool operator !=(Mills a, Mills b) => a._value != b._value;

    public static bool operator <(Mills a, Mills b) => a._value < b._value;

    public static bool operator >(Mills a, Mills b) => a._value > b._value;

    public static bool operator <=(Mills a, Mills b) => a._value <= b._value;

    public static bool operator >=(Mills a, Mills b) => a._value >= b._value;

    public static Mills Min(Mills a, Mills b) => a <= b ? a : b;

    public static Mills Max(Mills a, Mills b) => a >= b ? a : b;

    public bool Equals(Mills other) => _value == other._value;

    public override bool Equals(object? obj) => obj is Mills m && Equals(m);

    public override int GetHashCode() => _value.GetHashCode();

    public int CompareTo(Mills other) => _value.CompareTo(other._value);

    /// <summary>Formats as an exact decimal dollar string with three places: "12.345", "-0.500".</summary>
    public override string ToString()
    {
        var abs = _value == long.MinValue ? 9_223_372_036_854_775_808UL : (ulong)Math.Abs(_value);
        var text = string.Create(CultureInfo.InvariantCulture, $"{abs / 1000}.{abs % 1000:D3}");
        return _value < 0 ? "-" + text : text;
    }

    /// <summary>Formats for print on an indicium: "$0.740".</summary>
    public string ToDollarString() => "$" + ToString();

    /// <summary>
    /// Parses an exact dollar amount: digits, an optional point and at most three decimals
    /// ("12", "12.3", "0.740", "-1.5"). Anything else — exponents, thousands separators, a fourth
    /// decimal, more than <see cref="MaxInput"/> — is refused rather than rounded.
    /// </summary>
    public static ParseResult<Mills> ParseDollars(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return ParseResult<Mills>.Fail("amount_required", "an amount is required");
        var s = text.AsSpan().Trim();
        var negative = false;
        if (s[0] == '-') { negative = true; s = s[1..]; }
        else if (s[0] == '+') s = s[1..];
        var point = s.IndexOf('.');
        var whole = point < 0 ? s : s[..point];
        var frac = point < 0 ? ReadOnlySpan<char>.Empty : s[(point + 1)..];
        if (whole.Length == 0 && frac.Length == 0) return Invalid(text);
        if (!AllDigits(whole) || !AllDigits(frac)) return Invalid(text);
        if (frac.Length > 3) return ParseResult<Mills>.Fail("amount_too_precise", $"'{text}' has more than three decimal places (mills)");
        if (whole.TrimStart('0').Length > 10) return TooLarge(text);
        long value = 0;
        foreach (var c in whole) value = value * 10 + (c - '0');
        value *= 1000;
        var scale = 100;
        foreach (var c in frac) { value += (c - '0') * scale; scale /= 10; }
        if (value > MaxInput._value) return TooLarge(text);
        return ParseResult<Mills>.Ok(new Mills(negative ? -value : value));
    }

    private static ParseResult<Mills> Invalid(string text) =>
        ParseResult<Mills>.Fail("amount_invalid", $"'{text}' is not a dollar amount like \"12.345\"");

    private static ParseResult<Mills> TooLarge(string text) =>
        ParseResult<Mills>.Fail("amount_too_large", $"'{text}' exceeds the largest accepted amount {MaxInput}");

    private static bool AllDigits(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
            if (c is < '0' or > '9') return false;
        return true;
    }
}
