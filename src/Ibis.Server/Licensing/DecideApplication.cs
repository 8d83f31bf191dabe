using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Domain.Licensing;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Licensing;

/// <param name="Decision">approve (issue the license) or reject (the rule's "refuse").</param>
/// <param name="Reason">For a refusal, one of the reasons of P050 2.2.</param>
/// <param name="Detail">The official's own words, added to the written notice.</param>
public sealed record DecisionRequest(string? Decision, string? Reason, string? Detail);

/// <summary>
/// P050 2.1–2.2, 2.5e: the licensing official issues the license (Form 3601-B, no fee) — a revised license for
/// updated information, a new one at a new post office superseding the old — or refuses the application for a
/// reason of 2.2, with written notices to the applicant and its provider.
/// </summary>
public sealed class DecideApplication(IbisDb db, CommandPipeline pipeline, LicensingQueries queries, ApplicationReads reads, TimeProvider clock, ILogger<DecideApplication> log)
{
    /// <summary>P050 2.1: only the Postal Service's licensing official decides applications.</summary>
    public static readonly Access Access = Access.For(Caller.LicensingOfficialRole);

    public Task<ApplicationView> Handle(Caller caller, string applicationId, DecisionRequest body, CancellationToken ct) => pipeline.Run(caller, Access, async ct =>
    {
        var row = await queries.VisibleApplications(caller).FirstOrDefaultAsync(a => a.Id == applicationId, ct) ?? throw ApiException.NotFound("application", applicationId);
        var now = clock.GetUtcNow();
        var application = row.Aggregate();
        switch (Decisions.Input(body.Decision))
        {
            case Decisions.Approve:
                application.Approve();
                row.Status = application.Status;
                await Approve(caller, row, now, ct);
                break;
            case Decisions.Reject: // P050 2.2: the application is refused
                application.Refuse(body.Reason);
                var text = RefusalReasons.All[body.Reason!];
                row.Status = application.Status;
                row.RefusalReason = body.Reason;
                row.DecidedBy = caller.UserOrKeyId;
                row.DecidedAt = now;
                LicensingLog.ApplicationRefused(log, row.Id, row.LicenseeId, body.Reason!);
                LicensingRecords.Notify(db, row.LicenseeId, row.ProviderId, "license_refused", row.Id, now,
                    $"Your application {row.Id} for a license at {row.PostOfficeCity}, {row.PostOfficeState} {row.PostOfficeZip} is refused: {text}. {LicensingRecords.Detail(body.Detail)}" +
                    $"You may appeal in writing to the Manager, Metering Technology Management, within {AppealWindow.CalendarDays} calendar days of receipt of this notice (P050 2.4).",
                    $"The Postal Service refused application {row.Id} of licensee {row.LicenseeId}: {text}.");
                break;
            default:
                throw ApiException.Invalid("decision_invalid", "decision is \"approve\" or \"reject\" (the rule's \"refuse\")", "decision");
        }
        await db.SaveChangesAsync(ct);
        return await reads.View(caller, row, ct);
    }, ct);

    /// <summary>The work of an approval (<paramref name="row"/> is approved already): a revised license, or a new one.</summary>
    private async Task Approve(Caller caller, LicenseApplicationRow row, DateTimeOffset now, CancellationToken ct)
    {
        row.DecidedBy = caller.UserOrKeyId;
        row.DecidedAt = now;
        if (row.Kind == "update")
        {
            // P050 2.5e: a revised license from the updated information.
            var license = await db.Licenses.FirstAsync(l => l.Id == row.LicenseId, ct);
            license.Aggregate().Revise();
            license.Revision++;
            license.RevisedAt = now;
            license.PostOfficeCity = row.PostOfficeCity;
            LicensingLog.LicenseRevised(log, license.Id, license.Revision, row.Id);
            LicensingRecords.Notify(db, row.LicenseeId, row.ProviderId, "license_revised", license.Id, now,
                $"License {license.Id} is revised (revision {license.Revision}) with the updated information of {row.Id} (P050 2.5e).",
                $"License {license.Id} of licensee {row.LicenseeId} is revised (revision {license.Revision}).");
            return;
        }
        (LicenseRow Row, License License)? previous = null;
        if (row.Kind == "relicense")
        {
            var old = await db.Licenses.FirstAsync(l => l.Id == row.LicenseId, ct);
            var unchecked_ = await LicensingRecords.ActiveDevices(db, old.Id, ct);
            Rules.Check(new RelicensingRequiresDevicesCheckedOutRule([.. unchecked_.Select(d => d.Id)]));
            // Refused before anything is issued: only a valid license is superseded.
            var superseded = old.Aggregate();
            superseded.Supersede();
            previous = (old, superseded);
        }
        Rules.Check(new OneLicensePerPostOfficeRule(row.LicenseeId, row.PostOfficeZip,
            await db.Licenses.AnyAsync(l => l.LicenseeId == row.LicenseeId && l.PostOfficeZip == row.PostOfficeZip && l.Status == LicenseStatus.Valid, ct)));
        var issued = Issue(row, now);
        if (previous is { } p)
        {
            p.Row.Status = p.License.Status;
            p.Row.SupersededBy = issued.Id;
            await db.ProviderTasks.Where(t => t.LicenseId == p.Row.Id && t.Kind == "check_out_psd" && t.Status == ProviderTaskStatus.Open)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.Status, ProviderTaskStatus.Done).SetProperty(t => t.CompletedAt, now), ct);
        }
    }

    private LicenseRow Issue(LicenseApplicationRow row, DateTimeOffset now)
    {
        var issued = License.Issue(Ids.New("lic"));
        var license = new LicenseRow
        {
            Id = issued.Id, LicenseeId = row.LicenseeId, PostOfficeCity = row.PostOfficeCity, PostOfficeState = row.PostOfficeState,
            PostOfficeZip = row.PostOfficeZip, Status = issued.Status, IssuedAt = now, ApplicationId = row.Id,
        };
        db.Licenses.Add(license);
        row.LicenseId ??= license.Id;
        if (row.Kind == "relicense") row.LicenseId = license.Id;
        LicensingLog.LicenseIssued(log, license.Id, row.LicenseeId, row.Id);
        Webhooks.WebhookEvents.Emit(db, Domain.Webhooks.WebhookEventTypes.LicenseIssued, now, new { LicenseId = license.Id, license.LicenseeId, ApplicationId = row.Id, license.PostOfficeZip }, row.LicenseeId, row.ProviderId);
        LicensingRecords.Notify(db, row.LicenseeId, row.ProviderId, "license_issued", license.Id, now,
            $"Postage Meter License (Form 3601-B) {license.Id} is issued for all your IBI systems deposited at {row.PostOfficeCity}, {row.PostOfficeState} {row.PostOfficeZip}. There is no fee (P050 2.1).",
            $"The Postal Service issued license {license.Id} to licensee {row.LicenseeId} on application {row.Id} (P050 2.1).");
        return license;
    }
}
