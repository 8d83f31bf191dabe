using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Ibis.Cli.Tests.Support;
using Ibis.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Ibis.Cli.Tests.Readme;

/// <summary>The tours change the process's working directory and standard input: they run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ReadmeCollection
{
    public const string Name = "readme";
}

/// <summary>
/// Issue 19 item 9: the README stays true. Its tours — "With curl", "Daily work from the command line" and
/// every tour of "The API" (licensing a mailer, refunds …) — are read from README.md itself and run, in
/// order, against a fresh server, as a reader would run them; every command must succeed and every answer
/// the README shows must match. A tour never changes the sandbox's own records. "Run Ibis for real" needs a
/// live installation (LiveOnboardingTests runs that story): its commands are parsed here.
/// </summary>
[Collection(ReadmeCollection.Name)]
public sealed class ReadmeTourTests(CliServer server) : IClassFixture<CliServer>
{
    private static readonly string Readme = Path.Combine(ReadmeDocument.RepositoryRoot(), "README.md");

    /// <summary>The sections whose blocks are runnable tours, in README order (null: every subsection).</summary>
    private static readonly (string Section, string? Subsection)[] Tours =
    [
        ("Print your first indicium in one minute", "With curl"),
        ("Daily work from the command line", null),
        ("The API", null),
    ];

    private static bool InTour(Block b) => b.Language is "sh" or "csv" && Tours.Any(t => b.Section == t.Section && (t.Subsection is null || b.Subsection == t.Subsection));

    [Fact]
    public async Task EveryTour_RunsAsWritten_AndAnswersAsShown_WithoutChangingTheSandboxsRecords()
    {
        var credentials = Path.Combine(server.DataDirectory, "sandbox-credentials.json");
        var before = await SandboxRecords();
        var blocks = ReadmeDocument.Blocks(Readme);
        var work = Directory.CreateTempSubdirectory("ibis-readme-").FullName;
        var cwd = Directory.GetCurrentDirectory();
        var runner = new TourRunner(server, work, credentials);
        try
        {
            // Relative paths of the tours (indicium.png, orders.csv, labels/) are the reader's working directory.
            Directory.SetCurrentDirectory(work);
            for (var i = 0; i < blocks.Count; i++)
            {
                var block = blocks[i];
                // The credentials file the README shows has the fields it names.
                if (block.Language == "json" && block.ProseBefore.Contains("ibis-data/sandbox-credentials.json", StringComparison.Ordinal))
                {
                    var mismatch = ElidedJson.Mismatch(Compact(block), JsonNode.Parse(await File.ReadAllTextAsync(credentials)));
                    if (mismatch is not null) runner.Failures.Add($"{block}: the credentials file does not look as shown: {mismatch}");
                    continue;
                }
                if (!InTour(block)) continue;
                runner.Log.AppendLine($"--- {block}");
                // A JSON block right after a tour's block, introduced as "the answer", is what its last command answers.
                (string, int?)? answer = null;
                if (i + 1 < blocks.Count && blocks[i + 1] is { Language: "json" } next && next.Subsection == block.Subsection
                    && next.ProseBefore.Contains("answer", StringComparison.OrdinalIgnoreCase))
                {
                    var status = Regex.Match(next.ProseBefore, @"`(\d{3}) [A-Z]");
                    answer = (Compact(next), status.Success ? int.Parse(status.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : null);
                }
                await runner.Run(block, answer);
            }
        }
        finally
        {
            Directory.SetCurrentDirectory(cwd);
            try { Directory.Delete(work, recursive: true); } catch (IOException) { }
        }
        Assert.True(runner.Failures.Count == 0, string.Join('\n', runner.Failures) + "\n\n" + runner.Log);
        Assert.True(runner.Commands >= 40, $"only {runner.Commands} commands ran: were the tours found?\n{runner.Log}");
        Assert.Equal(before, await SandboxRecords());
    }

    /// <summary>"Run Ibis for real" runs against a live installation: each curl command there is well formed (a method, a URL under $S, JSON bodies that parse).</summary>
    [Fact]
    public void RunIbisForReal_CommandsAreWellFormed()
    {
        var blocks = ReadmeDocument.Blocks(Readme).Where(b => b.Section == "Run Ibis for real" && b.Language == "sh").ToList();
        Assert.NotEmpty(blocks);
        var curls = 0;
        foreach (var block in blocks)
            foreach (var (line, text) in ShellWords.LogicalLines(block.Lines, block.Line))
            {
                var words = ShellWords.Pipeline(text, name => "$" + name, command => "$(" + command + ")").FirstOrDefault();
                if (words is not ["curl", ..]) continue;
                curls++;
                var url = words.FirstOrDefault(w => w.StartsWith("$S/", StringComparison.Ordinal));
                Assert.True(url is not null, $"README.md:{line}: a curl of the live tour without a $S URL: {text}");
                for (var i = 0; i < words.Count - 1; i++)
                    if (words[i] is "-d" or "--data" or "--json")
                    {
                        var ex = Record.Exception(() => JsonNode.Parse(words[i + 1].Replace("…", "x", StringComparison.Ordinal)));
                        Assert.True(ex is null, $"README.md:{line}: the body is not JSON: {words[i + 1]}");
                    }
            }
        Assert.True(curls >= 8, $"only {curls} curl commands found in Run Ibis for real");
    }

    [Theory]
    [InlineData("""{"valid":true,"mode":"test","reasons":[],"indicium":{"device_id":"IB-0001-…","postage":{"amount":"0.740",…},…}}""",
        """{"valid":true,"mode":"test","reasons":[],"extra":1,"indicium":{"device_id":"IB-0001-0042","postage":{"amount":"0.740","currency":"USD"},"x":[1]}}""", true)]
    [InlineData("""{"valid":true,"reasons":[]}""", """{"valid":false,"reasons":[]}""", false)]
    [InlineData("""{"reasons":[]}""", """{"reasons":["refunded"]}""", false)]
    [InlineData("""{"pieces":[{"line":1,…},…],"total":…}""", """{"pieces":[{"line":1,"q":true},{"line":2}],"total":{"amount":"1"}}""", true)]
    [InlineData("""{"pieces":[…,{"line":2}]}""", """{"pieces":[{"line":1},{"line":2}]}""", true)]
    [InlineData("""{"id":"rfd_…"}""", """{"id":"ind_1"}""", false)]
    [InlineData("""{"id":"rfd_…"}""", """{"other":"rfd_1"}""", false)]
    public void TheAnswerMatcher_TreatsTheEllipsisAsAWildcard(string shown, string answer, bool matches) =>
        Assert.Equal(matches, ElidedJson.Mismatch(shown, JsonNode.Parse(answer)) is null);

    private static string Compact(Block block) => string.Join(' ', block.Lines);

    /// <summary>The sandbox licensee's own records: its customer record (and versions), licenses and applications.</summary>
    private async Task<string> SandboxRecords()
    {
        var deviceId = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(server.DataDirectory, "sandbox-credentials.json")))!["device_id"]!.GetValue<string>();
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IbisDb>();
        var licensee = await db.Devices.AsNoTracking().Where(d => d.Id == deviceId).Select(d => d.LicenseeId).SingleAsync();
        var options = new JsonSerializerOptions { ReferenceHandler = ReferenceHandler.IgnoreCycles };
        var records = await db.CustomerRecords.AsNoTracking().Where(r => r.LicenseeId == licensee).ToListAsync();
        var recordIds = records.Select(r => r.Id).ToList();
        return JsonSerializer.Serialize(new
        {
            licensee = await db.Licensees.AsNoTracking().Where(l => l.Id == licensee).ToListAsync(),
            records,
            versions = await db.CustomerRecordVersions.AsNoTracking().Where(v => recordIds.Contains(v.RecordId)).OrderBy(v => v.Id).ToListAsync(),
            licenses = await db.Licenses.AsNoTracking().Where(l => l.LicenseeId == licensee).ToListAsync(),
            applications = await db.LicenseApplications.AsNoTracking().Where(a => a.LicenseeId == licensee).ToListAsync(),
        }, options);
    }
}
