using System.Text;

namespace Ibis.Cli.Tests.Readme;

/// <summary>
/// Just enough of the POSIX shell to read the README's command lines: words split on blanks, single and
/// double quotes, backslash escapes, <c>$NAME</c> and <c>$(command)</c> expansion, pipes (<c>|</c>) and
/// comments. Expansion is delegated: the tour decides what a variable or a command substitution means.
/// </summary>
internal static class ShellWords
{
    /// <summary>The commands of a pipeline, each as its words (expanded).</summary>
    public static List<List<string>> Pipeline(string line, Func<string, string> variable, Func<string, string> substitute)
    {
        var commands = new List<List<string>> { new() };
        var word = new StringBuilder();
        var inWord = false;
        void EndWord()
        {
            if (inWord) commands[^1].Add(word.ToString());
            word.Clear();
            inWord = false;
        }
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            switch (c)
            {
                case ' ' or '\t':
                    EndWord();
                    break;
                case '#' when !inWord:
                    i = line.Length;
                    break;
                case '|':
                    EndWord();
                    commands.Add([]);
                    break;
                case '\\' when i + 1 < line.Length:
                    word.Append(line[++i]);
                    inWord = true;
                    break;
                case '\'':
                {
                    var end = line.IndexOf('\'', i + 1);
                    if (end < 0) throw new FormatException($"unclosed ' in: {line}");
                    word.Append(line, i + 1, end - i - 1);
                    i = end;
                    inWord = true;
                    break;
                }
                case '"':
                {
                    inWord = true;
                    for (i++; i < line.Length && line[i] != '"'; i++)
                    {
                        if (line[i] == '\\' && i + 1 < line.Length && line[i + 1] is '"' or '\\' or '$') word.Append(line[++i]);
                        else if (line[i] == '$') i = Dollar(line, i, word, variable, substitute);
                        else word.Append(line[i]);
                    }
                    if (i >= line.Length) throw new FormatException($"unclosed \" in: {line}");
                    break;
                }
                case '$':
                    inWord = true;
                    i = Dollar(line, i, word, variable, substitute);
                    break;
                default:
                    word.Append(c);
                    inWord = true;
                    break;
            }
        }
        EndWord();
        return commands.Where(c => c.Count > 0).ToList();
    }

    // Expands $NAME or $(command) at line[i] into word; returns the index of its last character.
    private static int Dollar(string line, int i, StringBuilder word, Func<string, string> variable, Func<string, string> substitute)
    {
        if (i + 1 < line.Length && line[i + 1] == '(')
        {
            var end = Closing(line, i + 1);
            word.Append(substitute(line[(i + 2)..end]));
            return end;
        }
        var start = i + 1;
        var at = start;
        while (at < line.Length && (char.IsLetterOrDigit(line[at]) || line[at] == '_')) at++;
        if (at == start) { word.Append('$'); return i; }
        word.Append(variable(line[start..at]));
        return at - 1;
    }

    // The ')' that closes the '(' at open, skipping quoted text and nested parentheses.
    private static int Closing(string line, int open)
    {
        var depth = 0;
        for (var i = open; i < line.Length; i++)
        {
            switch (line[i])
            {
                case '\'':
                    i = line.IndexOf('\'', i + 1);
                    if (i < 0) throw new FormatException($"unclosed ' in: {line}");
                    break;
                case '"':
                    for (i++; i < line.Length && line[i] != '"'; i++) if (line[i] == '\\') i++;
                    break;
                case '(':
                    depth++;
                    break;
                case ')':
                    if (--depth == 0) return i;
                    break;
            }
        }
        throw new FormatException($"unclosed $( in: {line}");
    }

    /// <summary>
    /// The logical lines of a block: lines ending in a backslash joined with the next, and an open quote
    /// carried over the line break (a JSON body written over several lines).
    /// </summary>
    public static IEnumerable<(int Line, string Text)> LogicalLines(IReadOnlyList<string> lines, int firstLine)
    {
        var text = new StringBuilder();
        var start = -1;
        for (var i = 0; i < lines.Count; i++)
        {
            if (start < 0) start = firstLine + i;
            var line = lines[i];
            if (line.EndsWith('\\') && !line.TrimStart().StartsWith('#'))
            {
                text.Append(line, 0, line.Length - 1).Append(' ');
                continue;
            }
            text.Append(line);
            if (OpenQuote(text.ToString()))
            {
                text.Append('\n');
                continue;
            }
            yield return (start, text.ToString());
            text.Clear();
            start = -1;
        }
        if (text.Length > 0) yield return (start, text.ToString());
    }

    private static bool OpenQuote(string text)
    {
        char? open = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (open is null && c == '#' && (i == 0 || char.IsWhiteSpace(text[i - 1]))) return false;
            if (open is null && c == '\\') { i++; continue; }
            if (open == '"' && c == '\\') { i++; continue; }
            if (open is null && c is '\'' or '"') open = c;
            else if (open == c) open = null;
        }
        return open is not null;
    }
}
