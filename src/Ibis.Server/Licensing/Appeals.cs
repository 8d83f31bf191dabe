using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Domain.Funds;
using Ibis.Domain.Licensing;
using Ibis.Domain.Psd;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Licensing;

public sealed record AppealRequest(string? DecisionId, string? Statement);

/// <param name="Decision">approve (the appeal is granted) or reject (denied); <c>outcome</c> granted | denied is the rule's word for the same.</param>
public sealed record AppealDecisionRequest(string? Outcome, string? Reason, string? Decision = null);

public sealed record AppealView(string Id, string Object, string LicenseeId, string Against, string DecisionId, string Statement, string Status,
    string? Outcome, DateTimeOffset FiledAt, DateTimeOffset? DecidedAt)
{
    /// <summary>The decision in the API's one vocabulary: approved, rejected or pending (the rule's word stays in status).</summary>
    public string Decision => Api.Decisions.Of(Status);

    public static AppealView From(AppealRow a) => new(a.Id, "appeal", a.LicenseeId, a.Against, a.DecisionId, a.Statement, a.Status.ToText(), a.Outcome, a.FiledAt, a.DecidedAt);
}

/// <param name="DeviceIds">Devices already commissioned for the licensee that this lease names from now on (a lease signed anew after a cancellation); new devices are named at commissioning.</param>
public sealed record LeaseRequest(string? LicenseeId, string? LicenseId, string? SignedBy, string? SignedOn, string? ResettingAccountId, IReadOnlyList<string>? DeviceIds = null);

public sealed record LeaseView(string Id, string Object, string LicenseeId, string LicenseId, string SignedBy, DateOnly SignedOn, string ResettingAccountId, string Status, DateTimeOffset? CancelledAt)
{
    public static LeaseView From(LeaseRow l) => new(l.Id, "lease", l.LicenseeId, l.LicenseId, l.SignedBy, l.SignedOn, l.ResettingAccountId, l.Status.ToText(), l.CancelledAt);
}

public sealed record ProviderTaskView(string Id, string Object, string Kind, string Rule, string LicenseeId, string LicenseId, string? DeviceId, string? LeaseId, DateTimeOffset DueAt, string Status, DateTimeOffset? CompletedAt)
{
    public static ProviderTaskView From(ProviderTaskRow t) => new(t.Id, "provider_task", t.Kind, t.Rule, t.LicenseeId, t.LicenseId, t.DeviceId, t.LeaseId, t.DueAt, t.Status.ToText(), t.CompletedAt);
}

public sealed record NoticeView(string Id, string Object, string Recipient, string LicenseeId, string Kind, string SubjectId, string Text, DateTimeOffset CreatedAt)
{
    public static NoticeView From(NoticeRow n) => new(n.Id, "notice", n.Recipient, n.LicenseeId, n.Kind, n.SubjectId, n.Text, n.CreatedAt);
}

/// <summary>
/// P050 2.4 appeals, the provider's tasks after a revocation or a move (§502.20(h), P050 2.5e), leases
/// (§502.20(a)(c), P050 2.5i) and the written notices.
/// </summary>
public sealed class Appeals(IbisDb db, LicensingWorkflow workflow, TimeProvider clock, ILogger<Appeals> log)
{
    /// <summary>P050 2.4: a written appeal within 10 calendar days of receipt of the decision.</summary>
    public Task<AppealView> File(Caller caller, AppealRequest body, CancellationToken ct) => workflow.InTransaction(async () =>
    {
        Rules.Check(new OnlyTheLicenseeAppealsRule(caller.Role == Caller.LicenseeRole));
        var decisionId = body.DecisionId ?? throw ApiException.Invalid("decision_id_required", "decision_id is the refused application or the revoked license", "decision_id");
        var statement = body.Statement?.Trim();
        var appeal = Appeal.File(Ids.New("apl"), statement);
        string against;
        string providerId;
        if (await db.LicenseApplications.FirstOrDefaultAsync(a => a.Id == decisionId && a.LicenseeId == caller.LicenseeId, ct) is { } app)
        {
            Rules.Check(DecisionMustBeAppealableRule.For(app.Id, app.Status));
            against = "refusal";
            providerId = app.ProviderId;
        }
        else if (await db.Licenses.FirstOrDefaultAsync(l => l.Id == decisionId && l.LicenseeId == caller.LicenseeId, ct) is { } lic)
        {
            Rules.Check(DecisionMustBeAppealableRule.For(lic.Id, lic.Status));
            against = "revocation";
            providerId = await db.Licensees.Where(l => l.Id == lic.LicenseeId).Select(l => l.ProviderId).FirstAsync(ct);
        }
        else throw ApiException.NotFound("decision", decisionId);
        // Receipt of the decision: the written notice delivered to the licensee's notices.
        var received = await db.Notices.Where(n => n.SubjectId == decisionId && n.Recipient == "licensee" && (n.Kind == "license_refused" || n.Kind == "license_revoked"))
            .OrderByDescending(n => n.CreatedAt).Select(n => n.CreatedAt).FirstAsync(ct);
        Rules.Check(new AppealMustBeTimelyRule(received, clock.GetUtcNow()));
        Rules.Check(new AppealMustNotBePendingRule(decisionId, await db.Appeals.AnyAsync(a => a.DecisionId == decisionId && a.Status == AppealStatus.Pending, ct)));
        var row = new AppealRow
        {
            Id = appeal.Id, LicenseeId = caller.LicenseeId!, ProviderId = providerId, Against = against, DecisionId = decisionId,
            Statement = statement!, Status = appeal.Status, FiledAt = clock.GetUtcNow(),
        };
        db.Appeals.Add(row);
        await db.SaveChangesAsync(ct);
        return AppealView.From(row);
    });

    /// <summary>P050 2.4: the Manager, MTM decides; the outcome is recorded and notified to licensee and provider.</summary>
    public Task<AppealView> Decide(Caller caller, string appealId, AppealDecisionRequest body, CancellationToken ct) => workflow.InTransaction(async () =>
    {
        Rules.Check(new OnlyTheAppealsManagerDecidesAppealsRule(caller.Role == Caller.AppealsManagerRole));
        // One vocabulary: decision approve | reject, or the rule's outcome granted | denied (P050 2.4).
        var outcome = Decisions.Input(body.Decision ?? body.Outcome) switch { Decisions.Approve => AppealStatus.Granted, Decisions.Reject => AppealStatus.Denied, _ => (AppealStatus?)null };
        if (outcome is not { } decided) throw ApiException.Invalid("decision_invalid", "decision is \"approve\" (granted) or \"reject\" (denied)", body.Decision is null ? "outcome" : "decision");
        var reason = body.Reason?.Trim();
        if (string.IsNullOrEmpty(reason)) throw ApiException.Invalid("reason_required", "the decision on an appeal states its reasons", "reason");
        var row = await VisibleAppeals(caller).FirstOrDefaultAsync(a => a.Id == appealId, ct) ?? throw ApiException.NotFound("appeal", appealId);
        var appeal = row.Aggregate();
        if (decided == AppealStatus.Granted) appeal.Grant();
        else appeal.Deny();
        var now = clock.GetUtcNow();
        row.Status = appeal.Status;
        row.Outcome = reason;
        row.DecidedBy = caller.UserOrKeyId;
        row.DecidedAt = now;
        LicensingLog.AppealDecided(log, row.Id, row.LicenseeId, decided.ToText());
        if (decided == AppealStatus.Granted)
        {
            if (row.Against == "refusal")
            {
                var app = await db.LicenseApplications.FirstAsync(a => a.Id == row.DecisionId, ct);
                var reopened = app.Aggregate();
                reopened.ReopenOnAppeal();
                app.Status = reopened.Status; // then approved as the appeal decided
                await db.SaveChangesAsync(ct);
                await workflow.Decide(new Caller(caller.UserOrKeyId, Caller.LicensingOfficialRole, null, null, caller.TestMode), app.Id, new DecisionRequest("approve", null, null), ct);
            }
            else
            {
                var license = await db.Licenses.FirstAsync(l => l.Id == row.DecisionId, ct);
                var reinstated = license.Aggregate();
                reinstated.Reinstate();
                license.Status = reinstated.Status;
                license.RevocationReason = null;
                license.RevokedAt = null;
                await db.ProviderTasks.Where(t => t.LicenseId == license.Id && t.Status == ProviderTaskStatus.Open)
                    .ExecuteUpdateAsync(s => s.SetProperty(t => t.Status, ProviderTaskStatus.Cancelled).SetProperty(t => t.CompletedAt, now), ct);
            }
        }
        workflow.Notify(row.LicenseeId, row.ProviderId, decided == AppealStatus.Granted ? "appeal_granted" : "appeal_denied", row.DecisionId, now,
            $"Your appeal {row.Id} against the {row.Against} {row.DecisionId} is {decided.ToWords()}: {reason} (P050 2.4).",
            $"The appeal {row.Id} of licensee {row.LicenseeId} against the {row.Against} {row.DecisionId} is {decided.ToWords()}.");
        await db.SaveChangesAsync(ct);
        return AppealView.From(row);
    });

    public IQueryable<AppealRow> VisibleAppeals(Caller caller) => caller.Role switch
    {
        Caller.LicenseeRole => db.Appeals.Where(a => a.LicenseeId == caller.LicenseeId),
        Caller.ProviderRole => db.Appeals.Where(a => a.ProviderId == caller.ProviderId),
        Caller.PostalRole or Caller.LicensingOfficialRole or Caller.AppealsManagerRole => db.Appeals.Where(a => db.Licensees.Any(c => c.Id == a.LicenseeId && c.Sandbox == caller.IsSandbox)),
        _ => db.Appeals.Where(_ => false),
    };

    public IQueryable<NoticeRow> VisibleNotices(Caller caller) => caller.Role switch
    {
        Caller.LicenseeRole => db.Notices.Where(n => n.Recipient == "licensee" && n.LicenseeId == caller.LicenseeId),
        Caller.ProviderRole => db.Notices.Where(n => n.Recipient == "provider" && n.ProviderId == caller.ProviderId),
        Caller.PostalRole or Caller.LicensingOfficialRole or Caller.AppealsManagerRole => db.Notices.Where(n => db.Licensees.Any(c => c.Id == n.LicenseeId && c.Sandbox == caller.IsSandbox)),
        _ => db.Notices.Where(_ => false),
    };

    public IQueryable<ProviderTaskRow> VisibleTasks(Caller caller) => caller.Role switch
    {
        Caller.ProviderRole => db.ProviderTasks.Where(t => t.ProviderId == caller.ProviderId),
        Caller.PostalRole or Caller.LicensingOfficialRole => db.ProviderTasks.Where(t => db.Licensees.Any(c => c.Id == t.LicenseeId && c.Sandbox == caller.IsSandbox)),
        _ => db.ProviderTasks.Where(_ => false),
    };

    public IQueryable<LeaseRow> VisibleLeases(Caller caller) => caller.Role switch
    {
        Caller.LicenseeRole => db.Leases.Where(l => l.LicenseeId == caller.LicenseeId),
        Caller.ProviderRole => db.Leases.Where(l => l.ProviderId == caller.ProviderId),
        Caller.PostalRole or Caller.LicensingOfficialRole => db.Leases.Where(l => db.Licensees.Any(c => c.Id == l.LicenseeId && c.Sandbox == caller.IsSandbox)),
        _ => db.Leases.Where(_ => false),
    };

    /// <summary>The provider records a task done; a check-out is done only when the PSD is in fact withdrawn.</summary>
    public Task<ProviderTaskView> Complete(Caller caller, string taskId, CancellationToken ct) => workflow.InTransaction(async () =>
    {
        Rules.Check(new OnlyTheProviderCompletesItsTasksRule(caller.Role == Caller.ProviderRole));
        var task = await VisibleTasks(caller).FirstOrDefaultAsync(t => t.Id == taskId, ct) ?? throw ApiException.NotFound("provider_task", taskId);
        Rules.Check(new ProviderTaskMustBeOpenRule(task.Id, task.Status));
        var now = clock.GetUtcNow();
        if (task.Kind == "check_out_psd" && task.DeviceId is not null)
            Rules.Check(new TaskRequiresDeviceCheckedOutRule(task.DeviceId, await db.Devices.AnyAsync(d => d.Id == task.DeviceId && d.Status != DeviceStatus.Withdrawn, ct)));
        if (task.Kind == "cancel_lease" && task.LeaseId is not null)
        {
            var row = await db.Leases.FirstAsync(l => l.Id == task.LeaseId, ct);
            var lease = LeaseRecords.Aggregate(row);
            // A lease already cancelled fulfils the task as it stands, with its first cancellation kept.
            if (lease.Status == LeaseStatus.Active)
            {
                lease.Cancel("license revoked (§502.20(h))", now);
                LeaseRecords.Store(lease, row);
            }
        }
        task.Status = ProviderTaskStatus.Done;
        task.CompletedAt = now;
        await db.SaveChangesAsync(ct);
        return ProviderTaskView.From(task);
    });

    /// <summary>§502.20(c), P050 2.5i: a signed lease with a financial agreement for resetting, only to a valid licensee.</summary>
    public Task<LeaseView> Lease(Caller caller, LeaseRequest body, CancellationToken ct) => workflow.InTransaction(async () =>
    {
        Rules.Check(new OnlyTheProviderLeasesRule(caller.Role == Caller.ProviderRole));
        var licenseeId = body.LicenseeId ?? throw ApiException.Invalid("licensee_id_required", "licensee_id names the lessee", "licensee_id");
        var licensee = await db.Licensees.FirstOrDefaultAsync(l => l.Id == licenseeId && l.ProviderId == caller.ProviderId, ct) ?? throw ApiException.NotFound("licensee", licenseeId);
        Rules.Check(new LeaseMustNameLicenseRule(body.LicenseId));
        var licenseId = body.LicenseId!;
        var license = await db.Licenses.FirstOrDefaultAsync(l => l.Id == licenseId && l.LicenseeId == licensee.Id, ct) ?? throw ApiException.NotFound("license", licenseId);
        Rules.Check(new LicenseMustBeValidForRule(license.Id, license.Status, LicenseAct.Lease));
        var signedBy = body.SignedBy?.Trim();
        DateOnly? signedOn = DateOnly.TryParseExact(body.SignedOn, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var day)
            ? day : null;
        // The lease checks what it holds (P050 2.5i): signed, dated, with its financial agreement for resetting.
        var lease = Domain.Licensing.Lease.Sign(Ids.New("lse"), licensee.ProviderId, licensee.Id, license.Id, signedBy, signedOn, body.ResettingAccountId);
        var accountId = lease.ResettingAccountId;
        if (!await db.DepositAccounts.AnyAsync(a => a.Id == accountId && a.LicenseeId == licensee.Id && a.Status == AccountStatus.Open, ct))
            throw ApiException.Invalid("financial_agreement_invalid", $"{accountId} is not an open deposit account of {licensee.Id}", "resetting_account_id");
        var row = LeaseRecords.NewRow(lease, clock.GetUtcNow());
        db.Leases.Add(row);
        // P050 1.3, 2.5i: the lease names the devices it covers; a device already in service moves to it
        // only when named here (one of this licensee's, not checked out).
        foreach (var deviceId in body.DeviceIds ?? [])
        {
            var device = await db.Devices.FirstOrDefaultAsync(d => d.Id == deviceId && d.LicenseeId == licensee.Id && d.Status != Domain.Psd.DeviceStatus.Withdrawn, ct)
                ?? throw ApiException.Invalid("device_not_leasable", $"{deviceId} is not a device of {licensee.Id} in service", "device_ids");
            device.LeaseId = row.Id;
        }
        await db.SaveChangesAsync(ct);
        return LeaseView.From(row);
    });
}
