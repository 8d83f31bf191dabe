using System.Text.RegularExpressions;
using Ibis.Architecture.Tests.Support;

namespace Ibis.Architecture.Tests;

/// <summary>
/// Issue 18: "Every inline refusal that states a seed rule becomes a rule class citing its section; the
/// HTTP status of a refusal is declared once per rule kind." A refusal whose message cites the seed
/// (P050, 39 CFR 502) is a rule of the seed, so it lives in Ibis.Domain as an IBusinessRule the use case
/// checks (Rules.Check), never as an ApiException built in Ibis.Server. This scans the Server's sources for
/// an ApiException statement (up to its semicolon) that cites a section.
/// </summary>
public sealed partial class SeedRefusalTests
{
    /// <summary>Inline refusals citing the seed today, as "path: code". Only shrinks.</summary>
    private static readonly string[] KnownInlineRefusals =
    [
    ];

    [GeneratedRegex(@"§|P050 |\b502\.|AS-353")]
    private static partial Regex SeedCitation();

    [GeneratedRegex(@"ApiException(?:\.Invalid\(|\(\s*\d+\s*,\s*|\(\s*StatusCodes\.\w+\s*,\s*)""(?<code>[^""]+)""")]
    private static partial Regex RefusalCode();

    [Fact]
    public void ServerRaisesNoApiExceptionCitingTheSeed()
    {
        var found = InlineRefusals(ServerSources()).Where(r => SeedCitation().IsMatch(r.Statement)).Select(r => r.Key);
        AllowList.AssertOnlyShrinks(found, KnownInlineRefusals, "ApiException refusals citing a seed section (make each an IBusinessRule in Ibis.Domain)");
    }

    [Fact]
    public void Scanner_SeesAnInlineRefusalCitingTheSeed()
    {
        // Guards the scan: a refusal spread over lines, as the Server writes them, is read whole and seen.
        const string source = """
            if (x) throw new ApiException(409, "cap_below",
                $"device {d} holds more than the cap (P050 3.6)", "amount");
            if (y) throw ApiException.Invalid("zip_invalid", "not a ZIP Code", "zip");
            """;
        var refusals = InlineRefusals([("Sample.cs", source)]).ToList();
        Assert.Equal(2, refusals.Count);
        Assert.Equal("Sample.cs: cap_below", refusals[0].Key);
        Assert.Matches(SeedCitation(), refusals[0].Statement);
        Assert.DoesNotMatch(SeedCitation(), refusals[1].Statement);
        Assert.NotEmpty(ServerSources());
    }

    /// <summary>Each statement mentioning ApiException, read to its semicolon (at most eight lines), keyed by file and code.</summary>
    private static IEnumerable<(string Key, string Statement)> InlineRefusals(IEnumerable<(string Path, string Text)> sources)
    {
        foreach (var (path, text) in sources)
        {
            var lines = text.Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                if (!lines[i].Contains("ApiException", StringComparison.Ordinal)) continue;
                var statement = lines[i];
                for (var j = i + 1; !statement.Contains(';', StringComparison.Ordinal) && j < Math.Min(lines.Length, i + 8); j++)
                    statement += "\n" + lines[j];
                var code = RefusalCode().Match(statement) is { Success: true } m ? m.Groups["code"].Value : statement.Trim();
                yield return ($"{path}: {code}", statement);
            }
        }
    }

    private static List<(string Path, string Text)> ServerSources()
    {
        var server = Path.Combine(RepositoryRoot(), "src", "Ibis.Server");
        return Directory.EnumerateFiles(server, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(f => (Path.GetRelativePath(server, f).Replace('\\', '/'), File.ReadAllText(f)))
            .ToList();
    }

    /// <summary>The checkout this test was built from: the first folder above the test output that holds src/Ibis.Server.</summary>
    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (Directory.Exists(Path.Combine(dir.FullName, "src", "Ibis.Server"))) return dir.FullName;
        Assert.Fail($"no src/Ibis.Server above {AppContext.BaseDirectory}: the source scan runs from a checkout");
        return "";
    }
}
