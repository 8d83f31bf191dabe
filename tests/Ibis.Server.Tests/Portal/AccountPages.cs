using Microsoft.Playwright;

namespace Ibis.Server.Tests.Portal;

/// <summary>What a user does on the deposit account and transmission pages, in the words of the pages.</summary>
public static class AccountPages
{
    public static Sandbox.SandboxLogin Postal(this PortalServer server) => server.Sandbox.Logins.First(l => l.Role == "postal");

    public static async Task FundByBank(IPage page, string amount, string method, string routing, string accountNumber)
    {
        await page.GetByLabel("Amount ($)").FillAsync(amount);
        await page.GetByLabel("Payment method").SelectOptionAsync(method);
        await page.GetByLabel("Routing number").FillAsync(routing);
        await page.GetByLabel("Account number").FillAsync(accountNumber);
        await PortalPages.SubmitAndWaitForNextPage(page, page.Locator("#deposit-button"));
    }

    public static async Task Close(IPage page, string? payee, bool confirm)
    {
        if (payee is not null) await page.GetByLabel("Pay the refund to").FillAsync(payee);
        if (confirm) await page.Locator("#CloseConfirmed").CheckAsync();
        await PortalPages.SubmitAndWaitForNextPage(page, page.Locator("#close-button"));
    }
}
