using Ibis.Domain.Organisations;

namespace Ibis.Domain.Customers;

/// <summary>
/// The fields of a customer record (or of a Form 3601-A) one role may see. <see cref="All"/> is the
/// whole record; otherwise only the listed fields, by "category.field" for a customer record and by
/// field name for a 3601-A. ACH records (notice 820.100 category 1, "ACH information") are shown only
/// when <see cref="Ach"/> is set.
/// </summary>
public sealed class FieldView
{
    private readonly HashSet<string> fields;

    private FieldView(bool all, bool ach, IEnumerable<string> fields)
    {
        All = all;
        Ach = ach;
        this.fields = new HashSet<string>(fields, StringComparer.Ordinal);
    }

    /// <summary>Every field.</summary>
    public static FieldView Everything { get; } = new(true, true, []);

    /// <summary>No field: the role's duty needs nothing of the record, so it is not shown the record at all.</summary>
    public static FieldView Nothing { get; } = new(false, false, []);

    public static FieldView Only(params string[] fields) => new(false, false, fields);

    public bool All { get; }

    public bool Ach { get; }

    /// <summary>True when the role sees nothing of the record.</summary>
    public bool IsEmpty => !All && !Ach && fields.Count == 0;

    /// <summary>The listed fields (empty when <see cref="All"/>).</summary>
    public IReadOnlyCollection<string> Fields => fields;

    /// <summary>Whether a field (a 3601-A field name) is shown.</summary>
    public bool Shows(string field) => All || fields.Contains(field);

    /// <summary>Whether a customer-record field is shown: its "category.field" or its whole "category.*" is listed.</summary>
    public bool Shows(string category, string field) => All || fields.Contains(category + "." + field) || fields.Contains(category + ".*");
}

/// <summary>
/// Which fields of the customer records of system 820.100 each role's duty needs. Notice 820.100
/// "Safeguards": "Access to records is limited to individuals whose official duties require such
/// access"; DESIGN §1 lists each duty. This is the one place the per-role views are defined; the use
/// cases that read a customer record or a 3601-A (API and portal) apply it before anything leaves.
/// </summary>
public static class CustomerFieldPolicy
{
    /// <summary>The fields of Form 3601-A as the API names them (P050 2.1).</summary>
    public static readonly IReadOnlyList<string> FormFields =
    [
        "applicant_name", "contact_name", "contact_title", "mailing_address", "phone", "email", "fax", "duns", "post_office", "device_location", "signature_name",
    ];

    /// <summary>The customer record's fields a role may see.</summary>
    public static FieldView Record(string role) => role switch
    {
        // The customer itself: its whole record (Record Access Procedures).
        OrganisationRoles.Licensee => FieldView.Everything,
        // The provider collects the record for its customer and services it (Purposes 1–3); a contractor
        // "subject to contract controls" (Safeguards).
        OrganisationRoles.Provider => FieldView.Everything,
        // The privacy officer answers Privacy Act requests about the whole record (Notification, Record
        // Access and Contesting Record Procedures) and oversees its retention.
        OrganisationRoles.PrivacyOfficer => FieldView.Everything,
        // The licensing official decides the application (P050 2.1–2.2): who the applicant is and how it
        // is identified (categories 1 and 2), not its mail practices, equipment, usage or payment data.
        OrganisationRoles.LicensingOfficial => FieldView.Only(
            CustomerRecordSchema.CustomerInformation + ".applicant_name", CustomerRecordSchema.CustomerInformation + ".key_contacts",
            CustomerRecordSchema.CustomerInformation + ".mailing_address", CustomerRecordSchema.CustomerInformation + ".city",
            CustomerRecordSchema.CustomerInformation + ".state", CustomerRecordSchema.CustomerInformation + ".zip",
            CustomerRecordSchema.CustomerInformation + ".email", CustomerRecordSchema.CustomerInformation + ".phone",
            CustomerRecordSchema.CustomerInformation + ".fax", CustomerRecordSchema.CustomerInformation + ".customer_ids",
            CustomerRecordSchema.CustomerInformation + ".company_name", CustomerRecordSchema.CustomerInformation + ".location",
            CustomerRecordSchema.Identification + ".*"),
        // The appeals manager (P050 2.4), general postal duties (caps, reconciliation), the auditor, the
        // Inspection Service and the refund coordinator decide nothing about the customer's file: they are
        // not shown customer records. What an appeal needs comes from the application (Form below).
        _ => FieldView.Nothing,
    };

    /// <summary>The fields of a transmitted Form 3601-A a role may see.</summary>
    public static FieldView Form(string role) => role switch
    {
        OrganisationRoles.Licensee or OrganisationRoles.Provider or OrganisationRoles.PrivacyOfficer => FieldView.Everything,
        // P050 2.1: the licensing official decides on all applicable data of the form.
        OrganisationRoles.LicensingOfficial => FieldView.Everything,
        // P050 2.4: the appeal is decided on the refusal or revocation and its reason; the manager needs to
        // know whose appeal it is and for which post office, not the applicant's contacts or addresses.
        OrganisationRoles.AppealsManager => FieldView.Only("applicant_name", "post_office"),
        // General postal duties work per licensing post office (P050 2.1), never with personal data.
        OrganisationRoles.Postal => FieldView.Only("post_office"),
        _ => FieldView.Nothing,
    };

    /// <summary>A customer record's categories reduced to what <paramref name="view"/> shows; empty categories are dropped.</summary>
    public static Dictionary<string, Dictionary<string, string>> Apply(FieldView view, IReadOnlyDictionary<string, Dictionary<string, string>> categories)
    {
        var shown = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        foreach (var (category, fields) in categories)
        {
            var kept = fields.Where(f => view.Shows(category, f.Key)).ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal);
            if (kept.Count > 0) shown[category] = kept;
        }
        return shown;
    }
}
