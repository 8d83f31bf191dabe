using System.Text.Json;
using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Domain.Customers;
using Ibis.Domain.Licensing;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Ibis.Server.Customers;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Licensing;

/// <summary>
/// An application as its caller may see it (P050 2.1, notice 820.100): the 3601-A opened under the customer's record
/// key, showing only the fields the caller's duty needs (<see cref="CustomerFieldPolicy.Form"/>).
/// </summary>
public sealed class ApplicationReads(IbisDb db, LicensingQueries queries, RecordKeys keys, TimeProvider clock)
{
    /// <summary>The application with its 3601-A opened; reading the form is a read of the customer's record, so it is logged.</summary>
    public async Task<ApplicationView> Get(Caller caller, string id, CancellationToken ct)
    {
        var row = await queries.VisibleApplications(caller).AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct) ?? throw ApiException.NotFound("application", id);
        CustomerAccess.Log(db, caller, row.CustomerRecordId, "read_application", caller.Role == Caller.LicensingOfficialRole ? "licensing_decision" : "application_services", clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return await View(caller, row, ct);
    }

    /// <summary>The application with the 3601-A fields the caller's duty needs (<see cref="CustomerFieldPolicy.Form"/>); no field, no form.</summary>
    public async Task<ApplicationView> View(Caller caller, LicenseApplicationRow row, CancellationToken ct)
    {
        var fieldView = CustomerFieldPolicy.Form(caller.Role);
        var key = fieldView.IsEmpty ? null : await keys.Find(db, row.CustomerRecordId, ct);
        JsonElement? form = key is null ? null : Shown(fieldView, RecordKeys.Open(key, row.CustomerRecordId, ApplicationRecords.FormContext + "/" + row.Id, row.Document));
        DateOnly? appealBy = row.Status == LicenseApplicationStatus.Refused && row.DecidedAt is { } d ? AppealWindow.LastDay(d) : null;
        return new ApplicationView(row.Id, "license_application", row.Kind, row.Status.ToText(), row.LicenseeId, row.ProviderId,
            new PostOfficeView(row.PostOfficeCity, row.PostOfficeState, row.PostOfficeZip), row.LicenseId, form,
            row.TransmissionId is null ? null : new TransmissionRef(row.TransmissionId, row.TransmissionVersion),
            row.RefusalReason, appealBy, row.SubmittedAt, row.TransmittedAt, row.DecidedAt);
    }

    private static JsonElement Shown(FieldView view, string formJson)
    {
        using var document = JsonDocument.Parse(formJson);
        var kept = new System.Text.Json.Nodes.JsonObject();
        foreach (var property in document.RootElement.EnumerateObject())
            if (view.Shows(property.Name)) kept[property.Name] = System.Text.Json.Nodes.JsonNode.Parse(property.Value.GetRawText());
        return JsonSerializer.SerializeToElement(kept);
    }
}
