using System.Globalization;
using Microsoft.Playwright;

namespace Ibis.Server.Tests.Portal;

/// <summary>What a user does on the portal pages, in the words of the pages (labels, button ids).</summary>
public static class PortalPages
{
    /// <summary>Screenshots for people to look at; not asserted. Beside the test assembly.</summary>
    public static string ScreenshotDirectory
    {
        get
        {
            var dir = Path.Combine(AppContext.BaseDirectory, "portal-screenshots");
            Directory.CreateDirectory(dir);
            return dir;
        }
    }

    public static string TodayUtc => DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static async Task SignIn(IPage page, string email, string password)
    {
        if (!page.Url.Contains("/login", StringComparison.Ordinal)) await page.GotoAsync("/login");
        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await SubmitAndWaitForNextPage(page, page.Locator("#sign-in-button"));
    }

    public static async Task FillPrintForm(IPage page, string? deviceId, string category, string weightOz, string zip, string mailingDate)
    {
        if (deviceId is not null) await page.GetByLabel("Device").SelectOptionAsync(deviceId);
        await page.GetByLabel("Mail class and rate category").SelectOptionAsync(category);
        await page.GetByLabel("Weight (oz)").FillAsync(weightOz);
        await page.GetByLabel("Destination ZIP Code").FillAsync(zip);
        await page.GetByLabel("Date of mailing").FillAsync(mailingDate);
    }

    /// <summary>
    /// The print page's two steps: "See the price", then "Print for $X". Fails with the page's errors
    /// when the price step refused the piece.
    /// </summary>
    public static async Task PriceAndPrint(IPage page)
    {
        await SubmitAndWaitForNextPage(page, page.Locator("#price-button"));
        var errors = await Errors(page);
        if (errors.Count > 0) throw new InvalidOperationException("the price step refused the piece: " + string.Join("; ", errors));
        await SubmitAndWaitForNextPage(page, page.Locator("#print-button"));
    }

    /// <summary>
    /// Clicks a submit button and returns once the page the server answered with has loaded. A form
    /// that posts back to its own URL (a failed sign-in, the print form) leaves the URL unchanged, so
    /// waiting for the URL would return at once; the next load event of the page is the new document.
    /// </summary>
    public static async Task SubmitAndWaitForNextPage(IPage page, ILocator button)
    {
        var loaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnLoad(object? sender, IPage p) => loaded.TrySetResult();
        page.Load += OnLoad;
        try
        {
            await button.ClickAsync();
            // A form that cannot be undone (revoke, check out, close) first asks in a dialog; these
            // helpers mean to submit, so they answer yes. The dialog opens inside the click's submit
            // handler, so it is already open here when it is going to be.
            if (await ConfirmDialogOpen(page)) await page.Locator("#confirm-yes").ClickAsync();
            await loaded.Task.WaitAsync(TimeSpan.FromSeconds(8));
        }
        finally
        {
            page.Load -= OnLoad;
        }
    }

    private static async Task<bool> ConfirmDialogOpen(IPage page)
    {
        try
        {
            return await page.Locator("#confirm-dialog[open]").CountAsync() > 0;
        }
        catch (PlaywrightException)
        {
            return false; // the click already navigated away: no dialog
        }
    }

    /// <summary>The errors of the validation summary (empty when there are none).</summary>
    public static async Task<IReadOnlyList<string>> Errors(IPage page) =>
        (await page.Locator(".validation-summary-errors li").AllInnerTextsAsync()).Select(s => s.Trim()).Where(s => s.Length > 0).ToList();

    public static async Task Screenshot(IPage page, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = true });
}
