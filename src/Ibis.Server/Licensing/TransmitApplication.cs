using Ibis.Data;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Licensing;

/// <summary>
/// §502.20(b): the provider electronically transmits the completed 3601-A to the Postal Service, as an immutable,
/// versioned document. The personal content travels sealed under the customer's record key, so the transmission is
/// shredded with the record; the post office and ids are in clear for routing.
/// </summary>
public sealed class TransmitApplication(IbisDb db, CommandPipeline pipeline, LicensingQueries queries, Funds.Transmissions transmissions, ApplicationReads reads, TimeProvider clock)
{
    public const string TransmissionKind = "license_application";

    /// <summary>§502.20(b): the provider transmits applications.</summary>
    public static readonly Access Access = Access.For(Caller.ProviderRole);

    public Task<ApplicationView> Handle(Caller caller, string applicationId, CancellationToken ct) => pipeline.Run(caller, Access, async ct =>
    {
        var row = await queries.VisibleApplications(caller).FirstOrDefaultAsync(a => a.Id == applicationId, ct) ?? throw ApiException.NotFound("application", applicationId);
        var application = row.Aggregate();
        application.Transmit();
        var now = clock.GetUtcNow();
        var document = new Dictionary<string, object?>
        {
            ["type"] = "ibis.ps3601a.v1", ["application_id"] = row.Id, ["kind"] = row.Kind, ["licensee_id"] = row.LicenseeId,
            ["provider_id"] = row.ProviderId, ["license_id"] = row.LicenseId, ["customer_record_id"] = row.CustomerRecordId,
            ["post_office"] = new { city = row.PostOfficeCity, state = row.PostOfficeState, zip = row.PostOfficeZip },
            ["form_sealed"] = Convert.ToBase64String(row.Document), ["submitted_at"] = row.SubmittedAt,
        };
        var t = transmissions.Add(db, TransmissionKind, row.Id, row.ProviderId, now, document);
        row.Status = application.Status;
        row.TransmissionId = t.Id;
        row.TransmissionVersion = t.Version;
        row.TransmittedAt = now;
        await db.SaveChangesAsync(ct);
        return await reads.View(caller, row, ct);
    }, ct);
}
