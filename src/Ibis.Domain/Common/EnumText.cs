using System.Collections.Frozen;
using System.Text.Json;

namespace Ibis.Domain;

/// <summary>
/// The text of a <see cref="StoredAsTextAttribute">stored-as-text</see> enum: each member's name in
/// lower_snake_case, by the same naming policy as the API's property names, so the stored value, the
/// JSON value and the name in code cannot drift apart. Built once per enum type.
/// </summary>
public static class EnumText<TEnum> where TEnum : struct, Enum
{
    private static readonly FrozenDictionary<TEnum, string> Texts =
        Enum.GetValues<TEnum>().Distinct().ToFrozenDictionary(v => v, v => JsonNamingPolicy.SnakeCaseLower.ConvertName(v.ToString()));

    private static readonly FrozenDictionary<string, TEnum> Values =
        Texts.ToFrozenDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

    /// <summary>Every member's text, in declaration order.</summary>
    public static IReadOnlyList<string> All { get; } = Enum.GetValues<TEnum>().Distinct().Select(v => Texts[v]).ToArray();

    public static string ToText(TEnum value) => Texts.TryGetValue(value, out var text)
        ? text
        : throw new ArgumentOutOfRangeException(nameof(value), value, $"not a {typeof(TEnum).Name}");

    /// <summary>The member of <paramref name="text"/>; a stored text no member has is a corrupt row, not a default.</summary>
    public static TEnum Parse(string text) => Values.TryGetValue(text, out var value)
        ? value
        : throw new FormatException($"'{text}' is not a {typeof(TEnum).Name}");

    /// <summary>Exact, case-sensitive: "In_Service" is not a status.</summary>
    public static bool TryParse(string? text, out TEnum value)
    {
        if (text is not null && Values.TryGetValue(text, out value)) return true;
        value = default;
        return false;
    }
}

public static class EnumTextExtensions
{
    /// <summary>The stored and wire text of a status (see <see cref="EnumText{TEnum}"/>).</summary>
    public static string ToText<TEnum>(this TEnum value) where TEnum : struct, Enum => EnumText<TEnum>.ToText(value);

    /// <summary>The text as words for a message ("in service"): underscores become spaces.</summary>
    public static string ToWords<TEnum>(this TEnum value) where TEnum : struct, Enum => EnumText<TEnum>.ToText(value).Replace('_', ' ');
}
