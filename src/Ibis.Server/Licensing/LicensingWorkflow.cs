using System.Text.Json;
using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Domain.Customers;
using Ibis.Domain.Licensing;
using Ibis.Domain.Psd;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Ibis.Server.Customers;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Licensing;

public sealed record DecisionRequest(string? Decision, string? Reason, string? Detail);

public sealed record RevocationRequest(string? Reason, string? Detail);

/// <summary>
/// The licensing workflow of P050 2.1–2.5 and §502.20(b)(c)(h): the licensee's 3601-A, the provider's
/// transmission, the Postal Service's decision with written notices, revocation with the provider's
/// tasks, and updated information leading to a revised license or, for a new post office, a new one.
/// Each command runs in one transaction: a refused command changes nothing.
/// </summary>
public sealed class LicensingWorkflow(IbisDb db, RecordKeys keys, Funds.Transmissions transmissions, TimeProvider clock, ILogger<LicensingWorkflow> log)
{
    public const string TransmissionKind = "license_application";
    private const string FormContext = "form_3601a";

    /// <summary>P050 2.1: the applicant gives the provider a complete 3601-A naming the deposit post office.</summary>
    public Task<ApplicationView> Apply(Caller caller, ApplicationRequest body, CancellationToken ct) => InTransaction(async () =>
    {
        Rules.Check(new OnlyTheApplicantOrItsProviderAppliesRule(caller.Role is Caller.LicenseeRole or Caller.ProviderRole));
        var licensee = await Licensee(caller, caller.Role == Caller.LicenseeRole ? body.LicenseeId ?? caller.LicenseeId : body.LicenseeId, ct);
        var form = Form3601A.Validate(body);
        var now = clock.GetUtcNow();
        var duplicate = await db.LicenseApplications.AnyAsync(a => a.LicenseeId == licensee.Id && a.PostOfficeZip == form.PostOffice.Zip
            && (a.Status == LicenseApplicationStatus.Submitted || a.Status == LicenseApplicationStatus.Transmitted), ct);
        Rules.Check(new ApplicationMustNotBeDuplicateRule(form.PostOffice.Zip, duplicate));
        // P050 2.1: a customer who already holds a valid license here does not apply again: the file is updated.
        var held = await db.Licenses.FirstOrDefaultAsync(l => l.LicenseeId == licensee.Id && l.PostOfficeZip == form.PostOffice.Zip && l.Status == LicenseStatus.Valid, ct);
        var row = await NewApplication(caller, licensee, form, held is null ? "new" : "update", held?.Id, now, ct);
        await db.SaveChangesAsync(ct);
        return await View(caller, row, ct);
    });

    /// <summary>P050 2.5d–e: changed 3601-A information for a license; a new post office means relicensing.</summary>
    public Task<ApplicationView> Update(Caller caller, string licenseId, ApplicationRequest body, CancellationToken ct) => InTransaction(async () =>
    {
        Rules.Check(new OnlyTheLicenseeOrItsProviderReportsChangesRule(caller.Role is Caller.LicenseeRole or Caller.ProviderRole));
        var license = await VisibleLicenses(caller).FirstOrDefaultAsync(l => l.Id == licenseId, ct) ?? throw ApiException.NotFound("license", licenseId);
        Rules.Check(new LicenseMustBeValidForRule(license.Id, license.Status, LicenseAct.Update));
        var licensee = await db.Licensees.FirstAsync(l => l.Id == license.LicenseeId, ct);
        var form = Form3601A.Validate(body with { LicenseeId = licensee.Id });
        Rules.Check(new LicenseUpdateMustNotBePendingRule(license.Id,
            await db.LicenseApplications.AnyAsync(a => a.LicenseId == license.Id && (a.Status == LicenseApplicationStatus.Submitted || a.Status == LicenseApplicationStatus.Transmitted), ct)));
        var now = clock.GetUtcNow();
        var moving = form.PostOffice.Zip != license.PostOfficeZip;
        var row = await NewApplication(caller, licensee, form, moving ? "relicense" : "update", license.Id, now, ct);
        if (moving)
        {
            // P050 2.5e: the PSDs are checked out of service by the provider before the customer is relicensed.
            foreach (var device in await ActiveDevices(license.Id, ct))
                AddTask(license, device, null, "check_out_psd", "P050 2.5e: check the PSD out of service before relicensing at the new post office", now, now);
        }
        await db.SaveChangesAsync(ct);
        return await View(caller, row, ct);
    });

    /// <summary>§502.20(b): the provider electronically transmits the completed 3601-A (an immutable, versioned document).</summary>
    public Task<ApplicationView> Transmit(Caller caller, string applicationId, CancellationToken ct) => InTransaction(async () =>
    {
        Rules.Check(new OnlyTheProviderTransmitsApplicationsRule(caller.Role == Caller.ProviderRole));
        var row = await VisibleApplications(caller).FirstOrDefaultAsync(a => a.Id == applicationId, ct) ?? throw ApiException.NotFound("application", applicationId);
        var application = row.Aggregate();
        application.Transmit();
        var now = clock.GetUtcNow();
        // The personal content travels sealed under the customer's record key, so the transmission is
        // shredded with the record; the post office and ids are in clear for routing.
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
        return await View(caller, row, ct);
    });

    /// <summary>P050 2.1–2.2: the licensing official issues the license (3601-B) or refuses it for a reason of 2.2. No fee.</summary>
    public Task<ApplicationView> Decide(Caller caller, string applicationId, DecisionRequest body, CancellationToken ct) => InTransaction(async () =>
    {
        Rules.Check(new OnlyTheLicensingOfficialDecidesApplicationsRule(caller.Role == Caller.LicensingOfficialRole));
        var row = await VisibleApplications(caller).FirstOrDefaultAsync(a => a.Id == applicationId, ct) ?? throw ApiException.NotFound("application", applicationId);
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
                Notify(row.LicenseeId, row.ProviderId, "license_refused", row.Id, now,
                    $"Your application {row.Id} for a license at {row.PostOfficeCity}, {row.PostOfficeState} {row.PostOfficeZip} is refused: {text}. {Detail(body.Detail)}" +
                    $"You may appeal in writing to the Manager, Metering Technology Management, within {AppealWindow.CalendarDays} calendar days of receipt of this notice (P050 2.4).",
                    $"The Postal Service refused application {row.Id} of licensee {row.LicenseeId}: {text}.");
                break;
            default:
                throw ApiException.Invalid("decision_invalid", "decision is \"approve\" or \"reject\" (the rule's \"refuse\")", "decision");
        }
        await db.SaveChangesAsync(ct);
        return await View(caller, row, ct);
    });

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
            Notify(row.LicenseeId, row.ProviderId, "license_revised", license.Id, now,
                $"License {license.Id} is revised (revision {license.Revision}) with the updated information of {row.Id} (P050 2.5e).",
                $"License {license.Id} of licensee {row.LicenseeId} is revised (revision {license.Revision}).");
            return;
        }
        (LicenseRow Row, License License)? previous = null;
        if (row.Kind == "relicense")
        {
            var old = await db.Licenses.FirstAsync(l => l.Id == row.LicenseId, ct);
            var unchecked_ = await ActiveDevices(old.Id, ct);
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
        Notify(row.LicenseeId, row.ProviderId, "license_issued", license.Id, now,
            $"Postage Meter License (Form 3601-B) {license.Id} is issued for all your IBI systems deposited at {row.PostOfficeCity}, {row.PostOfficeState} {row.PostOfficeZip}. There is no fee (P050 2.1).",
            $"The Postal Service issued license {license.Id} to licensee {row.LicenseeId} on application {row.Id} (P050 2.1).");
        return license;
    }

    /// <summary>P050 2.3: revocation for a reason a–f, written notices, and the provider's duties of §502.20(h).</summary>
    public Task<LicenseView> Revoke(Caller caller, string licenseId, RevocationRequest body, CancellationToken ct) => InTransaction(async () =>
    {
        Rules.Check(new OnlyTheLicensingOfficialRevokesLicensesRule(caller.Role == Caller.LicensingOfficialRole));
        var license = await VisibleLicenses(caller).FirstOrDefaultAsync(l => l.Id == licenseId, ct) ?? throw ApiException.NotFound("license", licenseId);
        var revoked = license.Aggregate();
        revoked.Revoke(body.Reason);
        var text = RevocationReasons.All[body.Reason!];
        var licensee = await db.Licensees.FirstAsync(l => l.Id == license.LicenseeId, ct);
        var now = clock.GetUtcNow();
        license.Status = revoked.Status;
        license.RevocationReason = body.Reason;
        license.RevokedAt = now;
        LicensingLog.LicenseRevoked(log, license.Id, licensee.Id, body.Reason!);
        Webhooks.WebhookEvents.Emit(db, Domain.Webhooks.WebhookEventTypes.LicenseRevoked, now, new { LicenseId = license.Id, license.LicenseeId, body.Reason, RemovePsdBy = RevocationDeadlines.RemovePsdBy(now) }, licensee.Id, licensee.ProviderId);
        // §502.20(h): cancel the lease, remove the PSD within 15 calendar days, have it checked out of service.
        var removeBy = RevocationDeadlines.RemovePsdBy(now);
        foreach (var lease in await db.Leases.Where(l => l.LicenseId == license.Id && l.Status == LeaseStatus.Active).ToListAsync(ct))
            AddTask(license, null, lease.Id, "cancel_lease", "§502.20(h): cancel the lease agreement with the lessee whose license is revoked", now, now);
        foreach (var device in await ActiveDevices(license.Id, ct))
        {
            AddTask(license, device, null, "remove_psd", "§502.20(h): remove the PSD within 15 calendar days of the revocation", removeBy, now);
            AddTask(license, device, null, "check_out_psd", "§502.20(h), §502.20(i): have the PSD checked out of service", removeBy, now);
        }
        Notify(licensee.Id, licensee.ProviderId, "license_revoked", license.Id, now,
            $"License {license.Id} is revoked: {text}. {Detail(body.Detail)}Your provider will cancel the lease and remove the PSD within {RevocationDeadlines.RemovePsdCalendarDays} calendar days. " +
            $"You may appeal in writing to the Manager, Metering Technology Management, within {AppealWindow.CalendarDays} calendar days of receipt of this notice (P050 2.4).",
            $"The Postal Service revoked license {license.Id} of licensee {licensee.Id} ({text}). Under §502.20(h) cancel the lease, remove the PSD by {removeBy:yyyy-MM-dd} and have it checked out of service.");
        await db.SaveChangesAsync(ct);
        return LicenseView.From(license);
    });

    public IQueryable<LicenseRow> VisibleLicenses(Caller caller) => caller.Role switch
    {
        Caller.LicenseeRole => db.Licenses.Where(l => l.LicenseeId == caller.LicenseeId),
        Caller.ProviderRole => db.Licenses.Where(l => db.Licensees.Any(c => c.Id == l.LicenseeId && c.ProviderId == caller.ProviderId)),
        Caller.PostalRole or Caller.LicensingOfficialRole or Caller.AppealsManagerRole => db.Licenses.Where(l => db.Licensees.Any(c => c.Id == l.LicenseeId && c.Sandbox == caller.IsSandbox)),
        _ => db.Licenses.Where(_ => false),
    };

    public IQueryable<LicenseApplicationRow> VisibleApplications(Caller caller) => caller.Role switch
    {
        Caller.LicenseeRole => db.LicenseApplications.Where(a => a.LicenseeId == caller.LicenseeId),
        Caller.ProviderRole => db.LicenseApplications.Where(a => a.ProviderId == caller.ProviderId),
        Caller.PostalRole or Caller.LicensingOfficialRole or Caller.AppealsManagerRole => db.LicenseApplications.Where(a => db.Licensees.Any(c => c.Id == a.LicenseeId && c.Sandbox == caller.IsSandbox)),
        _ => db.LicenseApplications.Where(_ => false),
    };

    /// <summary>The application with its 3601-A opened; reading the form is a read of the customer's record, so it is logged.</summary>
    public async Task<ApplicationView> Get(Caller caller, string id, CancellationToken ct)
    {
        var row = await VisibleApplications(caller).AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct) ?? throw ApiException.NotFound("application", id);
        CustomerAccess.Log(db, caller, row.CustomerRecordId, "read_application", caller.Role == Caller.LicensingOfficialRole ? "licensing_decision" : "application_services", clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return await View(caller, row, ct);
    }

    /// <summary>The application with the 3601-A fields the caller's duty needs (<see cref="CustomerFieldPolicy.Form"/>); no field, no form.</summary>
    public async Task<ApplicationView> View(Caller caller, LicenseApplicationRow row, CancellationToken ct)
    {
        var fieldView = CustomerFieldPolicy.Form(caller.Role);
        var key = fieldView.IsEmpty ? null : await keys.Find(db, row.CustomerRecordId, ct);
        JsonElement? form = key is null ? null : Shown(fieldView, RecordKeys.Open(key, row.CustomerRecordId, FormContext + "/" + row.Id, row.Document));
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

    private async Task<LicenseApplicationRow> NewApplication(Caller caller, LicenseeRow licensee, Form3601A form, string kind, string? licenseId, DateTimeOffset now, CancellationToken ct)
    {
        var record = await db.CustomerRecords.FirstOrDefaultAsync(r => r.LicenseeId == licensee.Id, ct);
        byte[] key;
        if (record is null)
        {
            // The 3601-A starts the customer's file (notice 820.100 category 1) when there is none yet.
            record = new CustomerRecordRow
            {
                Id = Ids.New("rec"), LicenseeId = licensee.Id, ProviderId = licensee.ProviderId, CustomerName = CustomerRecords.Normalize(form.ApplicantName),
                CustomerNumber = "C" + System.Security.Cryptography.RandomNumberGenerator.GetInt32(0, 1_000_000_000).ToString("D9", System.Globalization.CultureInfo.InvariantCulture),
                Document = [], Version = 1, CreatedAt = now, UpdatedAt = now,
            };
            key = keys.Create(db, record.Id, now);
            record.Document = RecordKeys.Seal(key, record.Id, "customer_record", JsonSerializer.Serialize(FileFields(form, [])));
            db.CustomerRecords.Add(record);
            CustomerAccess.Log(db, caller, record.Id, "create", "application_services", now);
        }
        else
        {
            // P050 2.1/2.5d: the customer's file is updated from the form; the earlier version is kept.
            key = await keys.Get(db, record.Id, ct);
            db.CustomerRecordVersions.Add(new CustomerRecordVersionRow
            {
                Id = Ids.New("rev"), RecordId = record.Id, Version = record.Version, Document = record.Document, ChangedBy = caller.UserOrKeyId,
                Reason = "Form 3601-A", ChangedAt = now,
            });
            record.Document = RecordKeys.Seal(key, record.Id, "customer_record", JsonSerializer.Serialize(FileFields(form, CustomerRecords.Read(record, key))));
            record.Version++;
            record.UpdatedAt = now;
            CustomerAccess.Log(db, caller, record.Id, "amend", "application_services", now);
        }
        var submitted = LicenseApplication.Submit(Ids.New("app"));
        var row = new LicenseApplicationRow
        {
            Id = submitted.Id, LicenseeId = licensee.Id, ProviderId = licensee.ProviderId, CustomerRecordId = record.Id, Kind = kind, Status = submitted.Status,
            PostOfficeCity = form.PostOffice.City, PostOfficeState = form.PostOffice.State, PostOfficeZip = form.PostOffice.Zip, LicenseId = licenseId,
            Document = [], SubmittedAt = now,
        };
        row.Document = RecordKeys.Seal(key, record.Id, FormContext + "/" + row.Id, JsonSerializer.Serialize(form, JsonBody.Options));
        db.LicenseApplications.Add(row);
        return row;
    }

    private static Dictionary<string, Dictionary<string, string>> FileFields(Form3601A form, Dictionary<string, Dictionary<string, string>> document)
    {
        if (!document.TryGetValue("customer_information", out var info)) document["customer_information"] = info = [];
        info["applicant_name"] = form.ApplicantName;
        info["key_contacts"] = form.ContactTitle is null ? form.ContactName : $"{form.ContactName} ({form.ContactTitle})";
        info["mailing_address"] = form.MailingAddress.Street;
        info["city"] = form.MailingAddress.City;
        info["state"] = form.MailingAddress.State;
        info["zip"] = form.MailingAddress.Zip;
        info["email"] = form.Email;
        info["phone"] = form.Phone;
        if (form.Fax is not null) info["fax"] = form.Fax;
        info["location"] = $"{form.DeviceLocation.Street}, {form.DeviceLocation.City}, {form.DeviceLocation.State} {form.DeviceLocation.Zip}";
        if (form.Duns is not null)
        {
            if (!document.TryGetValue("identification", out var id)) document["identification"] = id = [];
            id["duns"] = form.Duns;
        }
        if (!document.TryGetValue("identification", out var ident)) document["identification"] = ident = [];
        ident["signature_name"] = form.SignatureName;
        return document;
    }

    private async Task<LicenseeRow> Licensee(Caller caller, string? licenseeId, CancellationToken ct)
    {
        if (licenseeId is null) throw ApiException.Invalid("licensee_id_required", "licensee_id names the applicant", "licensee_id");
        var licensee = await db.Licensees.FirstOrDefaultAsync(l => l.Id == licenseeId, ct);
        if (licensee is null || !CustomerAccess.MaySee(caller, licensee.Id, licensee.ProviderId)) throw ApiException.NotFound("licensee", licenseeId);
        return licensee;
    }

    private Task<List<DeviceRow>> ActiveDevices(string licenseId, CancellationToken ct) =>
        db.Devices.Where(d => d.LicenseId == licenseId && d.Status != DeviceStatus.Withdrawn).OrderBy(d => d.Id).ToListAsync(ct);

    private void AddTask(LicenseRow license, DeviceRow? device, string? leaseId, string kind, string rule, DateTimeOffset due, DateTimeOffset now) =>
        db.ProviderTasks.Add(new ProviderTaskRow
        {
            Id = Ids.New("tsk"), ProviderId = device?.ProviderId ?? db.Licensees.Where(l => l.Id == license.LicenseeId).Select(l => l.ProviderId).First(),
            LicenseeId = license.LicenseeId, LicenseId = license.Id, DeviceId = device?.Id, LeaseId = leaseId, Kind = kind, Rule = rule, DueAt = due,
            Status = ProviderTaskStatus.Open, CreatedAt = now,
        });

    /// <summary>Written notice to the applicant/licensee and notice to its provider (P050 2.2, 2.3, 2.4).</summary>
    public void Notify(string licenseeId, string providerId, string kind, string subjectId, DateTimeOffset now, string toLicensee, string toProvider)
    {
        db.Notices.Add(new NoticeRow { Id = Ids.New("ntc"), Recipient = "licensee", LicenseeId = licenseeId, ProviderId = providerId, Kind = kind, SubjectId = subjectId, Text = toLicensee, CreatedAt = now });
        db.Notices.Add(new NoticeRow { Id = Ids.New("ntc"), Recipient = "provider", LicenseeId = licenseeId, ProviderId = providerId, Kind = kind, SubjectId = subjectId, Text = toProvider, CreatedAt = now });
    }

    private static string Detail(string? detail) => string.IsNullOrWhiteSpace(detail) ? "" : detail.Trim().TrimEnd('.') + ". ";

    public async Task<T> InTransaction<T>(Func<Task<T>> work)
    {
        if (db.Database.CurrentTransaction is not null) return await work(); // a step of a larger command
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var tx = await db.Database.BeginTransactionAsync();
            var result = await work();
            await tx.CommitAsync();
            return result;
        });
    }
}

public sealed record PostOfficeView(string City, string State, string Zip);

public sealed record TransmissionRef(string Id, int Version);

public sealed record ApplicationView(string Id, string Object, string Kind, string Status, string LicenseeId, string ProviderId, PostOfficeView PostOffice,
    string? LicenseId, JsonElement? Form, TransmissionRef? Transmission, string? RefusalReason, DateOnly? AppealBy,
    DateTimeOffset SubmittedAt, DateTimeOffset? TransmittedAt, DateTimeOffset? DecidedAt)
{
    /// <summary>The decision in the API's one vocabulary: approved, rejected or pending (the rule's word stays in status).</summary>
    public string Decision => Api.Decisions.Of(Status);
}

public sealed record LicenseView(string Id, string Object, string LicenseeId, string Status, PostOfficeView PostOffice, int Revision,
    string? ApplicationId, string? RevocationReason, DateOnly? AppealBy, string? SupersededBy, DateTimeOffset IssuedAt, DateTimeOffset? RevisedAt, DateTimeOffset? RevokedAt)
{
    public static LicenseView From(LicenseRow l) => new(l.Id, "license", l.LicenseeId, l.Status.ToText(), new PostOfficeView(l.PostOfficeCity, l.PostOfficeState, l.PostOfficeZip),
        l.Revision, l.ApplicationId, l.RevocationReason, l.RevokedAt is { } r ? AppealWindow.LastDay(r) : null, l.SupersededBy, l.IssuedAt, l.RevisedAt, l.RevokedAt);
}
