using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Server.Api;
using Ibis.Domain.Customers;
using Ibis.Server.Auth;

namespace Ibis.Server.Customers;

/// <summary>
/// Who may see a customer record (notice 820.100 "Safeguards": access is limited to those whose
/// official duties require it). The licensee sees only itself; the provider its own customers; of
/// the Postal Service, the licensing official (deciding applications) and the privacy officer
/// (answering Privacy Act requests). Other postal duties never see customer records.
/// Every other answer is "not found", so a caller cannot tell someone else's record exists.
/// </summary>
public static class CustomerAccess
{
    public static readonly string[] Purposes =
    [
        "application_services", "authentication", "service_and_support", "technical_data", "licensing_decision", "privacy_act_request",
    ];

    /// <summary>A Postal Service duty whose field view (<see cref="CustomerFieldPolicy.Record"/>) holds something sees records of every customer of its mode.</summary>
    public static bool SeesAll(Caller caller) =>
        caller.Organisation == Domain.Organisations.OrganisationKind.PostalService && !CustomerFieldPolicy.Record(caller.Role).IsEmpty;

    public static IQueryable<CustomerRecordRow> Visible(IbisDb db, Caller caller) => caller.Role switch
    {
        Caller.LicenseeRole => db.CustomerRecords.Where(r => r.LicenseeId == caller.LicenseeId),
        Caller.ProviderRole => db.CustomerRecords.Where(r => r.ProviderId == caller.ProviderId),
        // Postal duties see every record of their own mode only: sandbox staff never see live customers.
        _ when SeesAll(caller) => db.CustomerRecords.Where(r => db.Licensees.Any(c => c.Id == r.LicenseeId && c.Sandbox == caller.IsSandbox)),
        _ => db.CustomerRecords.Where(_ => false),
    };

    /// <summary>Whether the caller's duty sees any customer record: the licensee its own, the provider its customers', the Postal Service duties whose view holds something.</summary>
    public static bool MaySeeAny(Caller caller) => caller.Role is Caller.LicenseeRole or Caller.ProviderRole || SeesAll(caller);

    public static bool MaySee(Caller caller, string licenseeId, string providerId) => caller.Role switch
    {
        Caller.LicenseeRole => caller.LicenseeId == licenseeId,
        Caller.ProviderRole => caller.ProviderId == providerId,
        _ => SeesAll(caller),
    };

    /// <summary>The purpose of a read, from the Ibis-Purpose header or ?purpose=; each role has a default.</summary>
    public static string Purpose(HttpContext http, Caller caller)
    {
        var given = http.Request.Headers["Ibis-Purpose"].FirstOrDefault() ?? http.Request.Query["purpose"].FirstOrDefault();
        if (given is null)
            return caller.Role switch
            {
                Caller.LicensingOfficialRole => "licensing_decision",
                Caller.PrivacyOfficerRole => "privacy_act_request",
                _ => "service_and_support",
            };
        return Purposes.Contains(given)
            ? given
            : throw ApiException.Invalid("purpose_invalid", $"purpose must be one of {string.Join(", ", Purposes)} (notice 820.100 Purposes)", "purpose");
    }

    /// <summary>Appends to the access log: who, when, which record, what and why — never a value.</summary>
    public static void Log(IbisDb db, Caller caller, string recordId, string action, string purpose, DateTimeOffset now) =>
        db.RecordAccessLog.Add(new RecordAccessRow
        {
            Id = Domain.Ids.New("acc"), RecordId = recordId, Actor = caller.UserOrKeyId, Role = caller.Role, Action = action, Purpose = purpose, At = now,
        });
}
