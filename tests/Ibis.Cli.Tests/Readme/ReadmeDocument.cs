namespace Ibis.Cli.Tests.Readme;

/// <summary>A fenced block of the README: its language, where it starts, its lines, the headings above it and the prose just before it.</summary>
internal sealed record Block(string Language, int Line, IReadOnlyList<string> Lines, string Section, string Subsection, string ProseBefore)
{
    public override string ToString() => $"README.md:{Line} ({Section}{(Subsection.Length > 0 ? " › " + Subsection : "")})";
}

/// <summary>The repository's README, read into its fenced blocks (the tours are read from it, never copied).</summary>
internal static class ReadmeDocument
{
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Ibis.slnx")) && File.Exists(Path.Combine(dir.FullName, "README.md")))
                return dir.FullName;
        throw new InvalidOperationException("no repository root (Ibis.slnx and README.md) above " + AppContext.BaseDirectory);
    }

    public static IReadOnlyList<Block> Blocks(string path)
    {
        var lines = File.ReadAllLines(path);
        var blocks = new List<Block>();
        string section = "", subsection = "";
        var prose = new List<string>();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                var language = line[3..].Trim();
                var start = i + 1;
                var body = new List<string>();
                for (i++; i < lines.Length && !lines[i].StartsWith("```", StringComparison.Ordinal); i++) body.Add(lines[i]);
                blocks.Add(new Block(language, start, body, section, subsection, string.Join('\n', prose)));
                prose.Clear();
                continue;
            }
            if (line.StartsWith("## ", StringComparison.Ordinal)) { section = line[3..].Trim(); subsection = ""; prose.Clear(); continue; }
            if (line.StartsWith("### ", StringComparison.Ordinal)) { subsection = line[4..].Trim(); prose.Clear(); continue; }
            if (line.StartsWith("#### ", StringComparison.Ordinal)) { prose.Clear(); continue; }
            prose.Add(line);
        }
        return blocks;
    }
}
