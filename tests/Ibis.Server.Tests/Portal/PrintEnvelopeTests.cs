using Ibis.Server.Tests.Infrastructure;
using Ibis.Testing;
using Microsoft.Playwright;
using SkiaSharp;
using Xunit;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Ibis.Server.Tests.Portal;

/// <summary>
/// A licensee prints an envelope in a real browser, downloads the PDF, and the barcode on the
/// rasterised page carries exactly the bytes the API reports for that indicium.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class PrintEnvelopeTests(BrowserFixture browser, PortalServer server, ITestOutputHelper output) : IClassFixture<PortalServer>
{
    [SkippableFact]
    public async Task Licensee_PrintsLetter_SeesRegisters_AndDownloadsScannablePdf()
    {
        var pdftoppm = Requires.Tool("pdftoppm", "poppler-utils");
        var dmtxread = Requires.Tool("dmtxread", "dmtx-utils");
        var zxing = Requires.Tool("ZXingReader", "zxing-cpp-tools");
        await using var context = await browser.NewContext(server.BaseUrl);
        var page = await context.NewPageAsync();

        await page.GotoAsync("/login");
        await PortalPages.SignIn(page, server.Licensee.Email, server.Licensee.Password);
        await Expect(page).ToHaveURLAsync(server.BaseUrl + "/portal");

        await PortalPages.SubmitAndWaitForNextPage(page, page.Locator("#print-link"));
        await Expect(page).ToHaveURLAsync(server.BaseUrl + "/portal/print");
        await PortalPages.FillPrintForm(page, server.Sandbox.DeviceId, "first_class/letter", "1", "20260", PortalPages.TodayUtc);
        await PortalPages.PriceAndPrint(page);

        var printed = page.Locator("#printed");
        await Expect(printed).ToBeVisibleAsync();
        Assert.Empty(await PortalPages.Errors(page));
        await Expect(page.Locator("#postage")).ToHaveTextAsync("$0.740");
        await Expect(page.Locator("#ascending")).ToHaveTextAsync("$0.740");
        await Expect(page.Locator("#descending")).ToHaveTextAsync("$99.260");
        await Expect(page.Locator("#control-total")).ToHaveTextAsync("$100.000");
        var heading = (await printed.Locator("h2").InnerTextAsync()).Trim();
        Assert.Matches("^Printed ind_[A-Za-z0-9]+$", heading);
        var id = heading["Printed ".Length..];
        Assert.Equal($"/v1/indicia/{id}.pdf", await page.Locator("#download-pdf").GetAttributeAsync("href"));
        await PortalPages.Screenshot(page, "print-result");

        // The link is authorised by the portal cookie alone: the browser sends no API key.
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#download-pdf").ClickAsync());
        Assert.Null(await download.FailureAsync());
        var work = Path.Combine(server.App.DataDirectory, "portal-" + id);
        Directory.CreateDirectory(work);
        var pdf = Path.Combine(work, "envelope.pdf");
        await download.SaveAsAsync(pdf);
        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(File.ReadAllBytes(pdf), 0, 4));

        var prefix = Path.Combine(work, "page");
        var (code, _, stderr) = Requires.Run(pdftoppm, "-r", "300", "-png", "-f", "1", "-l", "1", "-singlefile", pdf, prefix);
        Assert.True(code == 0, $"pdftoppm failed: {stderr}");
        var pagePng = prefix + ".png";

        using var api = server.Api(server.Sandbox.ApiKey);
        var indicium = await (await api.GetAsync($"v1/indicia/{id}")).Body();
        var expected = Convert.FromBase64String((string)indicium["barcode_data"]!);

        var started = System.Diagnostics.Stopwatch.StartNew();
        Assert.Equal(expected, LibDmtx.ReadBytes(dmtxread, pagePng));
        output.WriteLine($"dmtxread on the whole 300-dpi page: {started.ElapsedMilliseconds} ms");

        // ZXingReader 1.4 searches outward from the image centre, so it misses the symbol on a
        // whole envelope. On the upper-right 2.2 x 1.2 in the centre row crosses the symbol (0.3 to
        // 0.9 in from the top edge) and it finds it. A 1.8 in tall crop puts the centre row just
        // below the symbol, and the city and class lines there lead the detector astray.
        var crop = Path.Combine(work, "indicium-area.png");
        CropUpperRight(pagePng, crop, widthInches: 2.2, heightInches: 1.2, dpi: 300);
        // For people to look at: the page as rendered and the part ZXing reads.
        File.Copy(pdf, Path.Combine(PortalPages.ScreenshotDirectory, "envelope.pdf"), overwrite: true);
        File.Copy(pagePng, Path.Combine(PortalPages.ScreenshotDirectory, "envelope-page.png"), overwrite: true);
        File.Copy(crop, Path.Combine(PortalPages.ScreenshotDirectory, "envelope-indicium-area.png"), overwrite: true);
        Assert.Equal(expected, Scanners.ZXingBytes(zxing, crop));
        output.WriteLine($"screenshot: {Path.Combine(PortalPages.ScreenshotDirectory, "print-result.png")}");
    }

    private static void CropUpperRight(string source, string target, double widthInches, double heightInches, int dpi)
    {
        using var full = SKBitmap.Decode(source) ?? throw new InvalidOperationException($"cannot decode {source}");
        var w = Math.Min(full.Width, (int)Math.Round(widthInches * dpi));
        var h = Math.Min(full.Height, (int)Math.Round(heightInches * dpi));
        using var part = new SKBitmap();
        Assert.True(full.ExtractSubset(part, SKRectI.Create(full.Width - w, 0, w, h)), "crop failed");
        using var image = SKImage.FromBitmap(part);
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        using var file = File.Create(target);
        png.SaveTo(file);
    }
}
