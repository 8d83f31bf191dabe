using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Domain.Licensing;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Ibis.Server.Customers;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Licensing;

/// <summary>
/// P050 2.1: the applicant gives the provider a complete Form 3601-A naming the post office where its mail will be
/// deposited; the provider may fill it in on the applicant's behalf. A customer who already holds a valid license
/// there does not apply again: its file is updated (an application of kind "update").
/// </summary>
public sealed class ApplyForLicense(IbisDb db, CommandPipeline pipeline, RecordKeys keys, ApplicationReads reads, TimeProvider clock)
{
    /// <summary>P050 2.1: the applicant, or its provider on its behalf, fills in Form 3601-A.</summary>
    public static readonly Access Access = Access.For(Caller.LicenseeRole, Caller.ProviderRole);

    public Task<ApplicationView> Handle(Caller caller, ApplicationRequest body, CancellationToken ct) => pipeline.Run(caller, Access, async ct =>
    {
        var licensee = await Licensee(caller, caller.Role == Caller.LicenseeRole ? body.LicenseeId ?? caller.LicenseeId : body.LicenseeId, ct);
        var form = Form3601A.Validate(body);
        var now = clock.GetUtcNow();
        var duplicate = await db.LicenseApplications.AnyAsync(a => a.LicenseeId == licensee.Id && a.PostOfficeZip == form.PostOffice.Zip
            && (a.Status == LicenseApplicationStatus.Submitted || a.Status == LicenseApplicationStatus.Transmitted), ct);
        Rules.Check(new ApplicationMustNotBeDuplicateRule(form.PostOffice.Zip, duplicate));
        var held = await db.Licenses.FirstOrDefaultAsync(l => l.LicenseeId == licensee.Id && l.PostOfficeZip == form.PostOffice.Zip && l.Status == LicenseStatus.Valid, ct);
        var row = await ApplicationRecords.NewApplication(db, keys, caller, licensee, form, held is null ? "new" : "update", held?.Id, now, ct);
        await db.SaveChangesAsync(ct);
        return await reads.View(caller, row, ct);
    }, ct);

    private async Task<LicenseeRow> Licensee(Caller caller, string? licenseeId, CancellationToken ct)
    {
        if (licenseeId is null) throw ApiException.Invalid("licensee_id_required", "licensee_id names the applicant", "licensee_id");
        var licensee = await db.Licensees.FirstOrDefaultAsync(l => l.Id == licenseeId, ct);
        if (licensee is null || !CustomerAccess.MaySee(caller, licensee.Id, licensee.ProviderId)) throw ApiException.NotFound("licensee", licenseeId);
        return licensee;
    }
}
