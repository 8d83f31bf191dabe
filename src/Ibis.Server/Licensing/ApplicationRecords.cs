using System.Text.Json;
using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Domain.Licensing;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Ibis.Server.Customers;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Licensing;

/// <summary>
/// A Form 3601-A filed (P050 2.1, 2.5d): the application row, its form sealed under the customer's record key, and
/// the customer's file started or updated from it (notice 820.100 category 1). Used by <see cref="ApplyForLicense"/>
/// and <see cref="UpdateLicenseInformation"/>.
/// </summary>
internal static class ApplicationRecords
{
    /// <summary>The context the form is sealed under, with the application's id.</summary>
    public const string FormContext = "form_3601a";

    /// <summary>A submitted application of <paramref name="kind"/> (new, update, relicense), its form sealed; the customer's file started or amended, the earlier version kept.</summary>
    public static async Task<LicenseApplicationRow> NewApplication(IbisDb db, RecordKeys keys, Caller caller, LicenseeRow licensee, Form3601A form, string kind, string? licenseId, DateTimeOffset now, CancellationToken ct)
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
}
