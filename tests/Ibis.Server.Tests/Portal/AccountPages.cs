using Microsoft.Playwright;

namespace Ibis.Server.Tests.Portal;

/// <summary>What a user does on the deposit account and transmission pages, in the words of the pages.</summary>
public static class AccountPages
{
    internal static Sandbox.SandboxLogin Postal(this PortalServer server) => server.Sandbox.Logins.First(l => l.Role == "postal");

    public static async Task FundByBank(IPage page, string amount, string method, string routing, string accountNumber)
    {
        await page.GetByLabel("Amount ($)").FillAsync(amount);
        await page.GetByLabel("Payment method").SelectOptionAsync(method);
        await page.GetByLabel("Routing number").FillAsync(routing);
        await page.GetByLabel("Account number").FillAsync(accountNumber);
        await PortalPages.SubmitAndWaitForNextPage(page, page.Locator("#deposit-button"));
    }

    /// <summary>What the form <paramref name="form"/> would post now (its key included), as a browser keeps it for a resend.</summary>
    /// <remarks>A file input is kept as the empty field a browser sends when no file is chosen.</remarks>
    public static Task<string> Keep(IPage page, string form) => page.EvaluateAsync<string>(
        "selector => { const form = document.querySelector(selector); return JSON.stringify({ action: form.action, fields: [...new FormData(form)].map(([k, v]) => [k, typeof v === 'string' ? v : '']) }); }", form);

    /// <summary>
    /// Posts a kept form twice at once (a double click) and then once more (the back button and "resend");
    /// the address each post landed on, after the redirects.
    /// </summary>
    public static Task<string[]> Resend(IPage page, string kept) => page.EvaluateAsync<string[]>(
        """
        async kept => {
            const { action, fields } = JSON.parse(kept);
            const post = () => {
                const body = new FormData();
                for (const [name, value] of fields) body.append(name, value);
                return fetch(action, { method: 'POST', body });
            };
            const both = await Promise.all([post(), post()]);
            const again = await post();
            return [...both, again].map(r => r.status + ' ' + r.url);
        }
        """, kept);

    /// <summary>The value of the kept form's field <paramref name="name"/> (its hidden key …).</summary>
    public static string Field(string kept, string name) =>
        System.Text.Json.JsonDocument.Parse(kept).RootElement.GetProperty("fields").EnumerateArray()
            .First(f => f[0].GetString() == name)[1].GetString()!;

    public static async Task Close(IPage page, string? payee, bool confirm)
    {
        if (payee is not null) await page.GetByLabel("Pay the refund to").FillAsync(payee);
        if (confirm) await page.Locator("#CloseConfirmed").CheckAsync();
        await PortalPages.SubmitAndWaitForNextPage(page, page.Locator("#close-button"));
    }
}
