using Ibis.Domain;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Ibis.Server.Oversight;
using Ibis.Server.Pages.Portal.Devices;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ibis.Server.Pages.Portal.Oversight;

/// <summary>
/// Revenue protection (§502.25(b)): the Postal Service's dashboard of duplicates, invalid and late pieces on the
/// mail, over time and by device, licensee or provider, with the suspect devices opened as cases, and the same
/// figures as a CSV file. The chart is inline SVG drawn here (<see cref="RevenueChart"/>); a table gives every figure.
/// A refused query (each of its invalid parameters) is shown by <see cref="RefusalFilter"/>.
/// </summary>
internal sealed class RevenueModel(ShowRevenueProtection figures, ExportRevenueProtection export, TimeProvider clock) : PageModel, IRefusalPage
{
    public RevenueQuery? Query { get; private set; }

    public RevenueProtectionView? Figures { get; private set; }

    public string? Purpose => Request.Query["purpose"].ToString() is { Length: > 0 } p ? p : null;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var caller = Caller.From(User);
        if (!OversightReads.Access.Roles.Contains(caller.Role)) return this.NotFoundPage("page");
        Query = RevenueQuery.Read(Request.Query, Today);
        if (Query.Purpose is not null) Figures = await figures.Handle(caller, Query, ct);
        return Page();
    }

    public Task<IActionResult> ShowAgainAsync(CancellationToken ct)
    {
        Figures = null;
        return Task.FromResult<IActionResult>(Page());
    }

    /// <summary>The query's parameters are the page's inputs, spelled as in the API.</summary>
    string? IRefusalPage.InputFor(string field) => field;

    /// <summary>The CSV export, streamed; the read is logged before the first line.</summary>
    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct)
    {
        var caller = Caller.From(User);
        if (!OversightReads.Access.Roles.Contains(caller.Role)) return this.NotFoundPage("page");
        var query = RevenueQuery.Read(Request.Query, Today);
        var csv = await export.Handle(caller, query, ct);
        Response.ContentType = "text/csv; charset=utf-8";
        Response.Headers.ContentDisposition = $"attachment; filename=\"{csv.FileName}\"";
        await csv.WriteTo(Response.Body, ct);
        return new EmptyResult();
    }

    private DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
}
