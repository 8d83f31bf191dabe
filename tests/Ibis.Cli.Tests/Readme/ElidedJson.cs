using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Ibis.Cli.Tests.Readme;

/// <summary>
/// Matches an answer against the JSON the README shows for it, where <c>…</c> stands for what the reader
/// cannot know: a whole value (<c>"total":…</c>), the rest of a string (<c>"ind_…"</c>), further members of
/// an object or further elements of an array (<c>, …}</c>, <c>[…]</c>). Members the README leaves out may be
/// in the answer; every member it shows must be there with a matching value, and shown array elements must
/// appear in that order.
/// </summary>
internal static class ElidedJson
{
    private const char Ellipsis = '…';

    /// <summary>Null when <paramref name="actual"/> matches <paramref name="expected"/>; otherwise where and why not.</summary>
    public static string? Mismatch(string expected, JsonNode? actual)
    {
        var parser = new Parser(expected);
        var pattern = parser.Value();
        parser.End();
        return Match(pattern, actual, "$");
    }

    private abstract record Pattern;
    private sealed record AnyValue : Pattern;
    private sealed record Text(string Value) : Pattern;
    private sealed record Literal(JsonNode? Value) : Pattern;
    private sealed record ObjectPattern(IReadOnlyList<(string Name, Pattern Value)> Members) : Pattern;
    private sealed record ArrayPattern(IReadOnlyList<Pattern> Elements, bool Open) : Pattern;

    private static string? Match(Pattern pattern, JsonNode? actual, string path)
    {
        switch (pattern)
        {
            case AnyValue:
                return null;
            case Text t:
                if (actual is not JsonValue v || !v.TryGetValue<string>(out var s)) return $"{path}: expected a string like \"{t.Value}\", got {Show(actual)}";
                return Like(t.Value, s) ? null : $"{path}: expected \"{t.Value}\", got \"{s}\"";
            case Literal l:
                return JsonNode.DeepEquals(l.Value, actual) ? null : $"{path}: expected {Show(l.Value)}, got {Show(actual)}";
            case ObjectPattern o:
                if (actual is not JsonObject obj) return $"{path}: expected an object, got {Show(actual)}";
                foreach (var (name, value) in o.Members)
                {
                    if (!obj.ContainsKey(name)) return $"{path}: the answer has no \"{name}\" ({Show(actual)})";
                    if (Match(value, obj[name], $"{path}.{name}") is { } m) return m;
                }
                return null;
            case ArrayPattern a:
                if (actual is not JsonArray array) return $"{path}: expected an array, got {Show(actual)}";
                if (!a.Open && a.Elements.Count != array.Count) return $"{path}: expected {a.Elements.Count} elements, got {array.Count} ({Show(actual)})";
                // Shown elements in order, each matched by a later element of the answer than the one before.
                var at = 0;
                for (var i = 0; i < a.Elements.Count; i++)
                {
                    string? last = null;
                    while (at < array.Count && (last = Match(a.Elements[i], array[at], $"{path}[{at}]")) is not null && a.Open) at++;
                    if (at >= array.Count || last is not null) return last ?? $"{path}: no element matches the shown element {i + 1} ({Show(actual)})";
                    at++;
                }
                return null;
            default:
                throw new InvalidOperationException();
        }
    }

    /// <summary>A string with <c>…</c> in it: each <c>…</c> stands for any run of characters.</summary>
    internal static bool Like(string pattern, string value)
    {
        var parts = pattern.Split(Ellipsis);
        if (parts.Length == 1) return pattern == value;
        if (!value.StartsWith(parts[0], StringComparison.Ordinal) || !value.EndsWith(parts[^1], StringComparison.Ordinal)) return false;
        var at = parts[0].Length;
        for (var i = 1; i < parts.Length - 1; i++)
        {
            var found = value.IndexOf(parts[i], at, StringComparison.Ordinal);
            if (found < 0) return false;
            at = found + parts[i].Length;
        }
        return at <= value.Length - parts[^1].Length;
    }

    private static string Show(JsonNode? node)
    {
        var text = node?.ToJsonString() ?? "null";
        return text.Length > 300 ? text[..300] + "…" : text;
    }

    private sealed class Parser(string text)
    {
        private int _at;

        public void End()
        {
            Skip();
            if (_at != text.Length) throw Error("text after the value");
        }

        public Pattern Value()
        {
            Skip();
            if (_at >= text.Length) throw Error("a value");
            var c = text[_at];
            if (c == Ellipsis) { _at++; return new AnyValue(); }
            if (c == '{') return Object();
            if (c == '[') return Array();
            if (c == '"') return new Text(String());
            var start = _at;
            while (_at < text.Length && (char.IsLetterOrDigit(text[_at]) || text[_at] is '-' or '+' or '.')) _at++;
            var word = text[start.._at];
            if (word.Length == 0) throw Error("a value");
            return new Literal(JsonNode.Parse(word));
        }

        private ObjectPattern Object()
        {
            _at++;
            var members = new List<(string, Pattern)>();
            while (true)
            {
                Skip();
                if (Eat('}')) return new ObjectPattern(members);
                if (Eat(Ellipsis)) { Skip(); Eat(','); continue; }
                var name = String();
                Skip();
                if (!Eat(':')) throw Error("':'");
                members.Add((name, Value()));
                Skip();
                if (Eat(',')) continue;
                if (Eat('}')) return new ObjectPattern(members);
                throw Error("',' or '}'");
            }
        }

        private ArrayPattern Array()
        {
            _at++;
            var elements = new List<Pattern>();
            var open = false;
            while (true)
            {
                Skip();
                if (Eat(']')) return new ArrayPattern(elements, open);
                if (Eat(Ellipsis)) { open = true; Skip(); Eat(','); continue; }
                elements.Add(Value());
                Skip();
                if (Eat(',')) continue;
                if (Eat(']')) return new ArrayPattern(elements, open);
                throw Error("',' or ']'");
            }
        }

        private string String()
        {
            if (!Eat('"')) throw Error("a string");
            var sb = new StringBuilder();
            while (_at < text.Length && text[_at] != '"')
            {
                if (text[_at] == '\\' && _at + 1 < text.Length)
                {
                    var e = text[++_at];
                    sb.Append(e switch { 'n' => '\n', 't' => '\t', 'u' => (char)int.Parse(text.AsSpan(_at + 1, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture), _ => e });
                    if (e == 'u') _at += 4;
                    _at++;
                    continue;
                }
                sb.Append(text[_at++]);
            }
            if (!Eat('"')) throw Error("the end of a string");
            return sb.ToString();
        }

        private bool Eat(char c)
        {
            if (_at < text.Length && text[_at] == c) { _at++; return true; }
            return false;
        }

        private void Skip()
        {
            while (_at < text.Length && char.IsWhiteSpace(text[_at])) _at++;
        }

        private FormatException Error(string wanted) =>
            new($"README answer: expected {wanted} at {_at} in {text}");
    }
}
