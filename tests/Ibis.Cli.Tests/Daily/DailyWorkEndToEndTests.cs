using System.Globalization;
using System.Text.Json;
using Ibis.Cli.Tests.Support;
using Xunit;

namespace Ibis.Cli.Tests.Daily;

/// <summary>
/// Issue 19 item 6 end to end: the CLI against the real server (SQLite, sandbox licensee) — quote,
/// print, batch print from CSV (a bad row stops it before anything is spent), a paged list, profiles.
/// </summary>
public sealed class DailyWorkEndToEndTests(CliServer server) : IClassFixture<CliServer>, IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private Task<CliOutcome> Ibis(params string[] args) => Ibis(null, args);

    private Task<CliOutcome> Ibis(IReadOnlyDictionary<string, string>? env, params string[] args)
    {
        var (key, _) = server.Licensee();
        var environment = new Dictionary<string, string> { ["IBIS_SERVER"] = CliServer.Url, ["IBIS_API_KEY"] = key };
        foreach (var (k, v) in env ?? new Dictionary<string, string>()) environment[k] = v;
        return CliRun.Run(server.Handler, environment, TimeProvider.System, args);
    }

    private async Task<JsonElement> Device()
    {
        var shown = await Ibis("devices", "show", server.Licensee().Device, "--output", "json");
        Assert.True(shown.ExitCode == 0, shown.ToString());
        return JsonDocument.Parse(shown.Out).RootElement;
    }

    private static decimal Amount(JsonElement e, string field) => decimal.Parse(e.GetProperty(field).GetProperty("amount").GetString()!, CultureInfo.InvariantCulture);

    [Fact]
    public async Task Quote_PricesEveryClassOfThePiece_AndSpendsNothing()
    {
        var before = await Device();
        var quote = await Ibis("quote", "--weight", "1", "--to", "20260", "--output", "json");
        Assert.True(quote.ExitCode == 0, quote.ToString());
        var data = JsonDocument.Parse(quote.Out).RootElement.GetProperty("data").EnumerateArray().ToList();
        var letter = data.Single(q => q.GetProperty("mail_class").GetString() == "first_class" && q.GetProperty("rate_category").GetString() == "letter");
        Assert.True(Amount(letter, "amount_due") > 0);
        // Priority and Express are priced by zone from the licensing post office, as print does.
        Assert.Contains(data, q => q.GetProperty("mail_class").GetString() == "priority" && q.GetProperty("zone").ValueKind == JsonValueKind.Number);
        Assert.True(data.Select(q => q.GetProperty("mail_class").GetString()).Distinct().Count() >= 3, quote.Out);

        var table = await Ibis("quote", "--weight", "1", "--to", "20260", "--class", "first_class", "--category", "letter");
        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Contains(letter.GetProperty("amount_due").GetProperty("amount").GetString()!, table.Out);
        Assert.Equal(Amount(before, "descending_register"), Amount(await Device(), "descending_register"));
    }

    [Fact]
    public async Task Print_WritesThePdf_AndShowsThePieceAndTheAmount()
    {
        var before = await Device();
        var pdf = Path.Combine(_dir.Path, "letter.pdf");
        var printed = await Ibis("print", "--weight", "1", "--to", "20260", "--out", pdf);
        Assert.True(printed.ExitCode == 0, printed.ToString());
        Assert.StartsWith("%PDF", File.ReadAllText(pdf)[..4]);
        Assert.Matches(@"ind_\w+", printed.Out);
        var after = await Device();
        var spent = Amount(before, "descending_register") - Amount(after, "descending_register");
        Assert.True(spent > 0);
        Assert.Contains(spent.ToString("0.000", CultureInfo.InvariantCulture), printed.Out);

        var png = await Ibis("print", "--weight", "1", "--to", "20260", "--format", "png", "--out", Path.Combine(_dir.Path, "piece.png"), "--output", "json");
        Assert.True(png.ExitCode == 0, png.ToString());
        var indicium = JsonDocument.Parse(png.Out).RootElement;
        Assert.Equal("indicium", indicium.GetProperty("object").GetString());
        Assert.Equal(0x89, File.ReadAllBytes(Path.Combine(_dir.Path, "piece.png"))[0]);

        // --from-address-id: 'none' prints no return address; an id that is not in your address book is not found, nothing spent.
        var plain = await Ibis("print", "--weight", "1", "--to", "20260", "--medium", "envelope-10", "--from-address-id", "none", "--out", Path.Combine(_dir.Path, "plain.pdf"), "--output", "json");
        Assert.True(plain.ExitCode == 0, plain.ToString());
        Assert.True(!JsonDocument.Parse(plain.Out).RootElement.TryGetProperty("from_address", out var from) || from.ValueKind == JsonValueKind.Null, plain.Out);
        var unsent = Amount(await Device(), "descending_register");
        var foreign = await Ibis("print", "--weight", "1", "--to", "20260", "--from-address-id", "adr_notmine", "--out", Path.Combine(_dir.Path, "foreign.pdf"));
        Assert.NotEqual(0, foreign.ExitCode);
        Assert.Contains("address_not_found", foreign.ToString(), StringComparison.Ordinal);
        Assert.Equal(unsent, Amount(await Device(), "descending_register"));

        // A reprint draws the stored indicium again and spends nothing.
        var dr = Amount(await Device(), "descending_register");
        var again = await Ibis("indicia", "download", indicium.GetProperty("id").GetString()!, "--out", Path.Combine(_dir.Path, "again.pdf"));
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal(dr, Amount(await Device(), "descending_register"));
    }

    [Fact]
    public async Task BatchPrint_WithABadRow_RefusesBeforeSpending_ThenSkipInvalidPrintsTheRest()
    {
        var csv = _dir.Write("pieces.csv", """
            reference,mail_class,rate_category,weight_oz,destination_zip
            order-1,first_class,letter,1,20260
            order-2,first_class,letter,1,2026
            order-3,first_class,postcard,1,10001
            """);
        var before = await Device();
        var refused = await Ibis("batch", "print", csv);
        Assert.True(refused.ExitCode == 1, refused.ToString());
        Assert.Contains("zip_invalid", refused.Out);
        Assert.Contains("refused: 1 of 3 rows", refused.Out);
        var unchanged = await Device();
        Assert.Equal(Amount(before, "descending_register"), Amount(unchanged, "descending_register"));
        Assert.Equal(before.GetProperty("piece_count").GetInt64(), unchanged.GetProperty("piece_count").GetInt64());

        var json = await Ibis("batch", "print", csv, "--output", "json");
        Assert.Equal(1, json.ExitCode);
        var error = JsonDocument.Parse(json.Out).RootElement.GetProperty("errors").EnumerateArray().Single();
        Assert.Equal(3, error.GetProperty("line").GetInt32());
        Assert.Equal("destination_zip", error.GetProperty("param").GetString());

        var outDir = Path.Combine(_dir.Path, "out");
        var printed = await Ibis("batch", "print", csv, "--skip-invalid", "--out-dir", outDir, "--chunk-size", "1");
        Assert.True(printed.ExitCode == 0, printed.ToString());
        Assert.Contains("printed 2 pieces", printed.Out);
        Assert.Contains("order-3", printed.Out);
        Assert.Contains("printing 2 pieces", printed.Err); // the progress bar's task (line-based when not a terminal)
        Assert.Equal(2, Directory.GetFiles(outDir, "ind_*.pdf").Length);
        var after = await Device();
        Assert.Equal(before.GetProperty("piece_count").GetInt64() + 2, after.GetProperty("piece_count").GetInt64());

        // The same file again the same day: every chunk is an idempotent replay, nothing is printed twice.
        var rerun = await Ibis("batch", "print", csv, "--skip-invalid", "--chunk-size", "1");
        Assert.True(rerun.ExitCode == 0, rerun.ToString());
        Assert.Contains("were not printed again", rerun.Err);
        Assert.Equal(after.GetProperty("piece_count").GetInt64(), (await Device()).GetProperty("piece_count").GetInt64());
    }

    [Fact]
    public async Task BatchPrint_ThatDoesNotFitTheRegister_NamesTheFirstRowThatDoesNot_AndSpendsNothing()
    {
        var dr = Amount(await Device(), "descending_register");
        var pieces = (int)Math.Ceiling(dr / 10m) + 1;
        var csv = _dir.Write("many.csv", "weight_oz,destination_zip,postage\n" + string.Concat(Enumerable.Repeat("1,20260,10.000\n", pieces)));
        var refused = await Ibis("batch", "print", csv);
        Assert.True(refused.ExitCode == 1, refused.ToString());
        Assert.Contains("insufficient_postage", refused.Out);
        Assert.Contains("is the first that does not fit", refused.Out);
        Assert.Equal(dr, Amount(await Device(), "descending_register"));
    }

    [Fact]
    public async Task Ledger_All_FollowsTheCursors_PageByPage()
    {
        Assert.Equal(0, (await Ibis("resets", "create", "--amount", "1.000")).ExitCode);
        Assert.Equal(0, (await Ibis("resets", "create", "--amount", "2.000")).ExitCode);
        var whole = await Ibis("accounts", "ledger", "--output", "json");
        Assert.True(whole.ExitCode == 0, whole.ToString());
        var expected = JsonDocument.Parse(whole.Out).RootElement.GetProperty("data").EnumerateArray().Select(l => l.GetProperty("id").GetString()).ToList();
        Assert.True(expected.Count >= 2, whole.Out);

        var firstPage = await Ibis("accounts", "ledger", "--limit", "1");
        Assert.Contains("--starting-after", firstPage.Out);
        var paged = await Ibis("accounts", "ledger", "--limit", "1", "--all", "--output", "json");
        Assert.True(paged.ExitCode == 0, paged.ToString());
        var root = JsonDocument.Parse(paged.Out).RootElement;
        Assert.False(root.GetProperty("has_more").GetBoolean());
        Assert.Equal(expected, root.GetProperty("data").EnumerateArray().Select(l => l.GetProperty("id").GetString()).ToList());

        var resets = await Ibis("resets", "list", "--output", "json");
        Assert.True(JsonDocument.Parse(resets.Out).RootElement.GetProperty("data").GetArrayLength() >= 2, resets.Out);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // file modes are what this test is about
    public async Task Login_SavesAProfileReadableByTheOwnerOnly_NeverPrintsTheKey_AndCommandsUseIt()
    {
        var (key, device) = server.Licensee();
        var config = Path.Combine(_dir.Path, "cfg", "ibis", "config.json");
        var env = new Dictionary<string, string> { ["IBIS_CONFIG"] = config, ["IBIS_SERVER"] = "", ["IBIS_API_KEY"] = "" };
        var login = await Ibis(env, "login", "--profile", "shop", "--server", CliServer.Url, "--api-key", key, "--device", device);
        Assert.True(login.ExitCode == 0, login.ToString());
        Assert.DoesNotContain(key, login.Out + login.Err);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(config));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(config)!));

        var list = await Ibis(env, "profiles", "list");
        Assert.Contains("shop", list.Out);
        Assert.Contains(key[..14] + "…", list.Out);
        Assert.DoesNotContain(key, list.Out);

        var devices = await Ibis(env, "devices", "list", "--output", "json");
        Assert.True(devices.ExitCode == 0, devices.ToString());
        Assert.Contains(device, devices.Out);

        // The profile's key is never sent to another server.
        var elsewhere = await Ibis(env, "devices", "list", "--server", "http://elsewhere.test/");
        Assert.Equal(3, elsewhere.ExitCode);

        var bad = await Ibis(env, "login", "--profile", "wrong", "--server", CliServer.Url, "--api-key", "ibis_test_not_a_key_at_all_00000000");
        Assert.Equal(3, bad.ExitCode);
        Assert.DoesNotContain("wrong", (await Ibis(env, "profiles", "list")).Out);

        Assert.Equal(0, (await Ibis(env, "profiles", "remove", "shop")).ExitCode);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(config));
        Assert.Contains("no profiles", (await Ibis(env, "profiles", "list")).Out);
    }
}
