namespace Ibis.Domain.Customers;

/// <summary>
/// The six categories of records of notice 820.100 ("Categories of Records in the System") and the
/// fields each may hold. A field outside its category is refused, so the system keeps no more than
/// the notice says it does. Sensitive fields are masked wherever they are shown.
/// </summary>
public static class CustomerRecordSchema
{
    public const string CustomerInformation = "customer_information";
    public const string Identification = "identification";
    public const string MailPractices = "mail_practices";
    public const string Technical = "technical";
    public const string ProductUsage = "product_usage";
    public const string Feedback = "feedback";

    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> Categories = new Dictionary<string, IReadOnlyList<string>>
    {
        // 1. Customer information.
        [CustomerInformation] = ["applicant_name", "key_contacts", "mailing_address", "city", "state", "zip", "email", "phone", "fax",
            "customer_ids", "job_title", "employment_status", "company_name", "location", "industry", "monthly_shipping_budget",
            "annual_revenue", "payment_information"],
        // 2. Customer or product identification and authentication (passwords are never kept here: logins hold only a hash).
        [Identification] = ["user_ids", "manager_ids", "signature_name", "signature_date", "ssn_last4", "usps_site",
            "security_personnel_name", "security_personnel_phone", "security_personnel_ssn_last4", "usps_location", "duns",
            "meter_numbers", "permit_numbers", "postnet_code", "mailer_ids", "publications", "authorized_users"],
        // 3. Mail practices and delivery information.
        [MailPractices] = ["mailing_equipment", "mail_preparation", "drop_shipment_sites", "automation_compatibility", "presort_options",
            "mailing_frequency", "mail_volume", "primary_mailing_type", "destinations", "contracted_mail_services", "contractors",
            "publications", "appointment_times"],
        // 4. Technical information.
        [Technical] = ["hardware", "software", "equipment", "versions", "media_preferences", "mail_site_specifications"],
        // 5. Product usage and payment information.
        [ProductUsage] = ["package_volumes", "package_weights", "products_ordered", "quantity_ordered", "billing_information",
            "products_used", "ordered_date", "inventory_date", "usage_measure_dates"],
        // 6. Customer feedback.
        [Feedback] = ["method_of_referral"],
    };

    /// <summary>Fields encrypted at rest and never shown in full (DESIGN §4 "Records").</summary>
    public static readonly IReadOnlySet<string> Sensitive = new HashSet<string>(StringComparer.Ordinal)
    {
        "ssn_last4", "security_personnel_ssn_last4", "payment_information",
    };

    /// <summary>Validates one field's value; unknown categories and fields are refused with their path.</summary>
    public static BrokenRule? Check(string category, string field, string value)
    {
        var path = $"{category}.{field}";
        if (!Categories.TryGetValue(category, out var fields))
            return new BrokenRule("category_unknown", $"'{category}' is not a category of notice 820.100; use one of {string.Join(", ", Categories.Keys)}", category, RuleKind.BadInput);
        if (!fields.Contains(field))
            return new BrokenRule("field_not_in_category", $"'{field}' is not a field of {category} (notice 820.100 categories of records)", path, RuleKind.BadInput);
        if (value.Length > 2000) return new BrokenRule("field_too_long", $"{path} is longer than 2000 characters", path, RuleKind.BadInput);
        var parsed = field switch
        {
            "email" => ContactFields.Email(value),
            "phone" or "fax" or "security_personnel_phone" => ContactFields.Phone(value),
            "zip" => ContactFields.Zip(value),
            "state" => ContactFields.State(value),
            "duns" => ContactFields.Duns(value),
            "ssn_last4" or "security_personnel_ssn_last4" => ContactFields.SsnLastFour(value),
            _ => ParseResult<string>.Ok(value),
        };
        return parsed.Success ? null : new BrokenRule(parsed.ErrorCode!, parsed.ErrorMessage!, path, RuleKind.BadInput);
    }

    /// <summary>What a screen or an API response shows for a field.</summary>
    public static string Display(string field, string value) => Sensitive.Contains(field) ? ContactFields.Mask(value, field == "payment_information" ? 4 : 0) : value;
}
