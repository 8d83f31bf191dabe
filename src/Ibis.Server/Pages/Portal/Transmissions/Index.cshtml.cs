using System.Globalization;
using System.Text.Json;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Server.Auth;
using Ibis.Server.Funds;
using Ibis.Server.Pages.Portal.Devices;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ibis.Server.Pages.Portal.Transmissions;

/// <summary>
/// What the provider transmits to the Postal Service (§502.20(m), P050 3.3): the provider sends
/// today's daily financial transactions, one record per postage value download; the Postal Service
/// reconciles a daily file against the deposit ledger and sees every difference. Each document is
/// shown as transmitted (JSON, with its SHA-256).
/// </summary>
internal sealed class IndexModel(ListTransmissions transmissions, DailyFinancialTransactions daily, TimeProvider clock) : PageModel
{
    private const int Shown = 100;

    private static readonly JsonSerializerOptions Pretty = new() { WriteIndented = true };

    public sealed record Item(TransmissionRow Row, string Json, int? Records, string? Total);

    public IReadOnlyList<Item> Items { get; private set; } = [];

    public bool IsProvider { get; private set; }

    public bool MayReconcile { get; private set; }

    public string Today { get; private set; } = "";

    public string? Notice { get; private set; }

    public ReconciliationView? Reconciliation { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? transmitted, string? reconciled, CancellationToken ct)
    {
        if (await Load(ct) is { } notFound) return notFound;
        if (transmitted is not null && Items.FirstOrDefault(i => i.Row.Id == transmitted) is { } t)
            Notice = $"Daily financial transactions of {t.Row.Subject} transmitted (version {t.Row.Version}): {t.Records} records totalling ${t.Total}.";
        if (reconciled is not null && MayReconcile && Items.FirstOrDefault(i => i.Row.Id == reconciled && i.Row.Kind == DailyFinancialTransactions.Kind) is { } r)
            Reconciliation = await daily.Reconcile(r.Row, ct);
        return Page();
    }

    /// <summary>The provider transmits today's (UTC) resets; a second transmission of a day is a new version.</summary>
    /// <summary>One key per transmit form shown (<see cref="IdempotentFormFilter"/>): a double click or a reload lands on the first post's version and sends no other.</summary>
    [BindProperty] public string? TransmitKey { get; set; }

    [IdempotentForm(nameof(TransmitKey))]
    public async Task<IActionResult> OnPostTransmitAsync(CancellationToken ct)
    {
        var caller = Caller.From(User);
        if (caller.Role != Caller.ProviderRole) return this.NotFoundPage("page");
        var row = await daily.Transmit(caller.ProviderId!, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), ct);
        return RedirectToPage(new { transmitted = row.Id });
    }

    /// <summary>The Postal Service reconciles a daily file; the result is computed afresh on the page it redirects to.</summary>
    public async Task<IActionResult> OnPostReconcileAsync(string? transmissionId, CancellationToken ct)
    {
        if (await Load(ct) is { } notFound) return notFound;
        if (!MayReconcile) return this.NotFoundPage("page");
        if (transmissionId is null || !Items.Any(i => i.Row.Id == transmissionId && i.Row.Kind == DailyFinancialTransactions.Kind))
        {
            ModelState.AddModelError("", $"no daily financial transactions file '{transmissionId}' to reconcile (transmission_not_found)");
            return Page();
        }
        return RedirectToPage(new { reconciled = transmissionId });
    }

    private async Task<IActionResult?> Load(CancellationToken ct)
    {
        var caller = Caller.From(User);
        IsProvider = caller.Role == Caller.ProviderRole;
        MayReconcile = caller.Role is Caller.PostalRole or Caller.AuditorRole;
        if (!IsProvider && !MayReconcile) return this.NotFoundPage("page");
        if (string.IsNullOrEmpty(TransmitKey)) TransmitKey = Ibis.Domain.Ids.New("form");
        var rows = await transmissions.Run(caller, Shown, ct);
        Items = rows.Select(Describe).ToList();
        Today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return null;
    }

    private static Item Describe(TransmissionRow row)
    {
        try
        {
            using var doc = JsonDocument.Parse(row.Body);
            var root = doc.RootElement;
            int? count = root.TryGetProperty("count", out var c) && c.ValueKind == JsonValueKind.Number ? c.GetInt32() : null;
            var total = root.TryGetProperty("total", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()
                : root.TryGetProperty("refund_amount", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
            return new Item(row, JsonSerializer.Serialize(root, Pretty), count, total);
        }
        catch (JsonException)
        {
            // Not a refusal (RefusalFilter shows those): a stored document that is no longer JSON was altered;
            // it is shown as it is stored, and reconciling it says what is wrong.
            return new Item(row, System.Text.Encoding.UTF8.GetString(row.Body), null, null);
        }
    }
}
