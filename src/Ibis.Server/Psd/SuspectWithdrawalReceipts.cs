using System.Globalization;
using System.Text.Json;
using Ibis.Data;
using Ibis.Domain.Money;
using Ibis.Domain.Psd;
using Ibis.Rendering.Statements;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Psd;

/// <summary>The receipt for a device the Inspection Service withdrew as suspect, as the API shows it (P050 2.6).</summary>
public sealed record SuspectWithdrawalReceiptView(
    string Id, string Object, string Copy, string DeviceId, string DeviceNumber, string? LicenseeId, string ProviderId,
    DateTimeOffset WithdrawnAt, string WithdrawnBy, string Reason, MoneyView AscendingRegister, MoneyView DescendingRegister,
    long PieceCount, bool FraudSuspected, string TransmissionId, string Pdf);

/// <summary>
/// P050 2.6, 39 CFR 502.10: the receipt the inspector leaves with the licensee, and the provider's copy,
/// read back from the transmission <see cref="WithdrawSuspectDevice"/> made at the moment of withdrawal — so
/// the registers it shows are those at withdrawal, whatever happened to the device since.
/// <c>GET /v1/suspect-withdrawal-receipts/{incidentId}</c> (JSON) and <c>….pdf</c>. The licensee of the
/// device, its provider, the Postal Service and inspectors read it; anyone else is told it does not exist.
/// </summary>
public static class SuspectWithdrawalReceipts
{
    public static void MapSuspectWithdrawalReceipts(this RouteGroupBuilder v1)
    {
        v1.MapGet("/suspect-withdrawal-receipts/{id}", Get).WithName("GetSuspectWithdrawalReceipt")
            .WithSummary("The receipt for a device withdrawn as suspect (P050 2.6): the licensee's receipt, the provider's copy or the Inspection Service's, by who asks; append .pdf for the PDF.")
            .Produces<SuspectWithdrawalReceiptView>().ProducesFile("The receipt as JSON, or (id ending in .pdf) as a PDF.", "application/json", "application/pdf").ProducesProblem(404);
    }

    /// <summary>Whose copy the caller holds.</summary>
    public static string CopyFor(Caller caller) => caller.Role switch
    {
        Caller.LicenseeRole => "Licensee's receipt",
        Caller.ProviderRole => "Provider's copy",
        _ => "Inspection Service copy",
    };

    private static async Task<IResult> Get(string id, HttpContext http, IbisDb db, CancellationToken ct)
    {
        var pdf = id.EndsWith(".pdf", StringComparison.Ordinal);
        var incidentId = pdf ? id[..^4] : id;
        var caller = Caller.From(http.User);
        var incident = await db.Incidents.AsNoTracking().FirstOrDefaultAsync(i => i.Id == incidentId && i.Kind == IncidentKind.Suspect, ct)
            ?? throw ApiException.NotFound("suspect_withdrawal_receipt", incidentId);
        Data.Entities.DeviceRow device;
        try
        {
            device = await DeviceLife.Visible(db, caller, incident.DeviceId, ct);
        }
        catch (Exception e) when (e is ApiException or Domain.BusinessRuleViolationException)
        {
            throw ApiException.NotFound("suspect_withdrawal_receipt", incidentId);
        }
        var transmission = await db.Transmissions.AsNoTracking()
            .Where(t => t.Kind == WithdrawSuspectDevice.ReceiptKind && t.Subject == incident.Id).OrderBy(t => t.Version).FirstOrDefaultAsync(ct)
            ?? throw ApiException.NotFound("suspect_withdrawal_receipt", incidentId);
        using var body = JsonDocument.Parse(transmission.Body);
        var r = body.RootElement;
        var view = new SuspectWithdrawalReceiptView(
            incident.Id, "suspect_withdrawal_receipt", CopyFor(caller), device.Id, r.GetProperty("device_number").GetString()!, device.LicenseeId, device.ProviderId,
            r.GetProperty("withdrawn_at").GetDateTimeOffset(), r.GetProperty("withdrawn_by").GetString()!, r.GetProperty("reason").GetString() ?? "",
            MoneyView.OfMills(Amount(r, "ascending_register")), MoneyView.OfMills(Amount(r, "descending_register")),
            r.GetProperty("piece_count").GetInt64(), r.GetProperty("fraud_suspected").GetBoolean(), transmission.Id,
            $"/v1/suspect-withdrawal-receipts/{incident.Id}.pdf");
        if (!pdf) return Results.Ok(view);
        var licensee = device.LicenseeId is null ? null : await db.Licensees.AsNoTracking().Where(l => l.Id == device.LicenseeId).Select(l => l.Name).FirstOrDefaultAsync(ct);
        var provider = await db.Providers.AsNoTracking().Where(p => p.Id == device.ProviderId).Select(p => p.Name).FirstAsync(ct);
        var receipt = new SuspectWithdrawalReceipt(view.Id, view.Copy, view.DeviceNumber, view.DeviceId, licensee ?? "—", view.LicenseeId, provider,
            view.WithdrawnAt, view.WithdrawnBy, view.Reason, Mills.FromMills(Amount(r, "ascending_register")), Mills.FromMills(Amount(r, "descending_register")),
            view.PieceCount, view.FraudSuspected);
        return Results.File(SuspectWithdrawalReceiptRenderer.RenderPdf(receipt), "application/pdf", $"{incident.Id}-{caller.Role}.pdf");
    }

    private static long Amount(JsonElement r, string name) =>
        Mills.ParseDollars(r.GetProperty(name).GetString()).Value.Value;
}
