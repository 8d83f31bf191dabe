using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Ibis.Server.Pages;
using Ibis.Server.Tests.Hardening;
using Ibis.Server.Tests.Indicia;
using Ibis.Server.Tests.Infrastructure;
using Ibis.Server.Tests.Licensing;
using Ibis.Server.Tests.Refunds;
using Xunit;

namespace Ibis.Server.Tests.Portal;

/// <summary>
/// Anyone can check a stamp (issue 19.8): the public /check page, without signing in, reads the
/// barcode on a photo or scan (or the pasted data), verifies it as §502.8 has a verifier do, and says
/// in plain words whether the postage is genuine, for how much, on which date and from which post
/// office — or why not. It is rate-limited per client address and keeps nothing but verdict counts.
/// </summary>
public sealed partial class StampCheckTests(SqliteHardenedApp fixture) : IClassFixture<SqliteHardenedApp>
{
    private IbisApp App => fixture.App;

    private async Task<JsonNode> PrintLetter(string postage)
    {
        var who = App.Sandbox;
        return await App.ClientFor(who.ApiKey).PostJson($"/v1/devices/{who.DeviceId}/indicia", PrintingTests.Letter(postage: postage, zip: null)).Ok(HttpStatusCode.Created);
    }

    /// <summary>The form's antiforgery token (the page's own GET sets its cookie on the same client).</summary>
    private static async Task<string> Token(HttpClient client)
    {
        var html = await (await client.GetAsync("/check")).Content.ReadAsStringAsync();
        return TokenField().Match(html).Groups[1].Value;
    }

    private static async Task<(HttpStatusCode Status, string Html)> Check(HttpClient client, byte[]? photo = null, string? data = null)
    {
        using var form = new MultipartFormDataContent { { new StringContent(await Token(client)), "__RequestVerificationToken" } };
        if (photo is not null)
        {
            var file = new ByteArrayContent(photo);
            file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
            form.Add(file, "Photo", "envelope.png");
        }
        if (data is not null) form.Add(new StringContent(data), "BarcodeData");
        var response = await client.PostAsync("/check", form);
        return (response.StatusCode, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
    }

    private static string Verdict(string html) => VerdictAttribute().Match(html).Groups[1].Value;

    [SkippableFact]
    public async Task APhotoOfAGenuineIndicium_IsGenuine_WithItsAmountDateAndPostOffice_AndATamperedOneIsNot()
    {
        var counts = new Dictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) => { if (instrument.Meter.Name == StampCheckCounts.MeterName) l.EnableMeasurementEvents(instrument); };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags) if (tag.Key == "verdict") lock (counts) counts[(string)tag.Value!] = counts.GetValueOrDefault((string)tag.Value!) + value;
        });
        listener.Start();

        var printed = await PrintLetter("0.780");
        var png = await RefundScans.IndiciumPng(App.ClientFor(App.Sandbox.ApiKey), (string)printed["id"]!);
        var client = fixture.Client("203.0.113.10"); // no API key, no session: a member of the public

        var (status, html) = await Check(client, photo: png);
        Assert.Equal(HttpStatusCode.OK, status);
        // The sandbox device signs under the sandbox CA: genuine, but a SAMPLE that pays no postage.
        Assert.Equal("sample", Verdict(html));
        Assert.Contains("Genuine SAMPLE for $0.78", html, StringComparison.Ordinal);
        var date = DateOnly.FromDateTime(fixture.Clock.GetUtcNow().UtcDateTime).ToString("MMMM d, yyyy", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains($"<dd class=\"date\">{date}</dd>", html, StringComparison.Ordinal);
        Assert.Matches("<dd class=\"zip\">\\d{5}</dd>", html);

        // The barcode's data typed in (base64, as a reader app shows it) gives the same answer.
        var barcode = Convert.FromBase64String((string)printed["barcode_data"]!);
        (status, html) = await Check(client, data: Convert.ToHexString(barcode));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("sample", Verdict(html));

        // One byte of the signature changed: the barcode still reads, the stamp is not genuine, and why is said.
        barcode[^1] ^= 0x5a;
        (status, html) = await Check(client, photo: RefundScans.BarcodePng(barcode));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("not_genuine", Verdict(html));
        Assert.Contains("Not genuine: this $0.78 stamp does not pass the check.", html, StringComparison.Ordinal);
        Assert.Contains("digital signature does not match", html, StringComparison.Ordinal);

        // A picture with no barcode on it: nothing could be read, said so.
        (status, html) = await Check(client, photo: RefundScans.BlankPage());
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("unreadable", Verdict(html));
        Assert.Contains("No stamp barcode was found on the picture.", html, StringComparison.Ordinal);

        // Nothing sent at all: the form asks for a photo or the data; no verdict.
        (status, html) = await Check(client);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Choose a photo or scan of the envelope", html, StringComparison.Ordinal);
        Assert.Equal("", Verdict(html));

        listener.RecordObservableInstruments();
        lock (counts)
        {
            Assert.True(counts.GetValueOrDefault("sample") >= 2, string.Join(", ", counts));
            Assert.True(counts.GetValueOrDefault("not_genuine") >= 1, string.Join(", ", counts));
            Assert.True(counts.GetValueOrDefault("unreadable") >= 1, string.Join(", ", counts));
        }
    }

    [SkippableFact]
    public async Task TooManyChecks_AreRefusedWith429_AndAFriendlyPage()
    {
        var client = fixture.Client("203.0.113.77");
        HttpResponseMessage? refused = null;
        for (var i = 0; i <= HardenedApp.PublicPerMinute && refused is null; i++)
        {
            using var form = new MultipartFormDataContent { { new StringContent("AAAA"), "BarcodeData" } };
            var response = await client.PostAsync("/check", form);
            if (response.StatusCode == HttpStatusCode.TooManyRequests) refused = response;
        }
        Assert.NotNull(refused);
        Assert.True(refused.Headers.RetryAfter is not null, "a 429 says when to come back");
        Assert.Equal("text/html", refused.Content.Headers.ContentType?.MediaType);
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Contains("Too many requests", html, StringComparison.Ordinal);
        Assert.Contains("id=\"retry-after\"", html, StringComparison.Ordinal);

        // Another address is not held back, and the page itself (GET) is never limited.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/check")).StatusCode);
        var (status, _) = await Check(fixture.Client("203.0.113.78"), data: "AAAA");
        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Theory]
    [InlineData("0A0B0C", new byte[] { 0x0A, 0x0B, 0x0C })]
    [InlineData("0a:0b:0c", new byte[] { 0x0A, 0x0B, 0x0C })]
    [InlineData("CgsM", new byte[] { 0x0A, 0x0B, 0x0C })]
    [InlineData("Cg sM\n", new byte[] { 0x0A, 0x0B, 0x0C })]
    [InlineData("_-8", new byte[] { 0xFF, 0xEF })]
    public void PastedData_IsReadAsHexOrBase64(string text, byte[] expected) => Assert.Equal(expected, CheckModel.ParseData(text));

    [Theory]
    [InlineData("not barcode data!")]
    [InlineData("@@@@")]
    public void PastedData_ThatIsNeither_IsRefused(string text) => Assert.Null(CheckModel.ParseData(text));

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();

    [GeneratedRegex("data-verdict=\"([a-z_]+)\"")]
    private static partial Regex VerdictAttribute();
}
