using Ibis.Domain;
using Ibis.Domain.Customers;
using Ibis.Domain.Licensing;
using Ibis.Server.Api;

namespace Ibis.Server.Licensing;

public sealed record AddressInput(string? Street, string? City, string? State, string? Zip);

public sealed record PostOfficeInput(string? City, string? State, string? Zip);

/// <summary>The fields of Form 3601-A, Application for a License to Lease and Use Postage Meters (P050 2.1).</summary>
public sealed record ApplicationRequest(string? LicenseeId, string? ApplicantName, string? ContactName, string? ContactTitle,
    AddressInput? MailingAddress, string? Phone, string? Email, string? Fax, string? Duns, PostOfficeInput? PostOffice,
    AddressInput? DeviceLocation, string? SignatureName);

internal sealed record Address(string Street, string City, string State, string Zip);

internal sealed record PostOffice(string City, string State, string Zip);

/// <summary>A complete, valid 3601-A. Built only by <see cref="Validate"/>, which names the first missing or bad field.</summary>
internal sealed record Form3601A(string ApplicantName, string ContactName, string? ContactTitle, Address MailingAddress, string Phone,
    string Email, string? Fax, string? Duns, PostOffice PostOffice, Address DeviceLocation, string SignatureName)
{
    public static Form3601A Validate(ApplicationRequest r) => new(
        Required(r.ApplicantName, "applicant_name", "the applicant's name"),
        Required(r.ContactName, "contact_name", "the name of the key contact"),
        Optional(r.ContactTitle, "contact_title"),
        Addr(r.MailingAddress, "mailing_address"),
        Check(ContactFields.Phone(Required(r.Phone, "phone", "a telephone number")), "phone"),
        Check(ContactFields.Email(Required(r.Email, "email", "an e-mail address")), "email"),
        r.Fax is null ? null : Check(ContactFields.Phone(r.Fax), "fax"),
        r.Duns is null ? null : Check(ContactFields.Duns(r.Duns), "duns"),
        Office(r.PostOffice),
        Addr(r.DeviceLocation, "device_location"),
        Required(r.SignatureName, "signature_name", "the name of the person signing the application"));

    // P050 2.1: "The application must state the post office where the applicant intends to deposit mail."
    private static PostOffice Office(PostOfficeInput? p)
    {
        Rules.Check(new ApplicationMustStatePostOfficeRule(p is not null));
        return new PostOffice(
            Required(p!.City, "post_office.city", "the city of the post office where mail will be deposited (P050 2.1)").ToUpperInvariant(),
            Check(ContactFields.State(Required(p.State, "post_office.state", "the state of the post office (P050 2.1)")), "post_office.state"),
            Check(ContactFields.Zip(Required(p.Zip, "post_office.zip", "the ZIP Code of the post office (P050 2.1)")), "post_office.zip"));
    }

    private static Address Addr(AddressInput? a, string field)
    {
        Rules.Check(new ApplicationMustGiveAddressRule(field, a is not null));
        return new Address(
            Required(a!.Street, field + ".street", "the street address"),
            Required(a.City, field + ".city", "the city"),
            Check(ContactFields.State(Required(a.State, field + ".state", "the state")), field + ".state"),
            Check(ContactFields.Zip(Required(a.Zip, field + ".zip", "the ZIP Code")), field + ".zip"));
    }

    private static string Required(string? value, string field, string what)
    {
        Rules.Check(new ApplicationFieldRequiredRule(field, what, value));
        var s = value!.Trim();
        if (s.Length > 200) throw ApiException.Invalid("field_too_long", $"{field} is longer than 200 characters", field);
        return s;
    }

    private static string? Optional(string? value, string field) =>
        value?.Trim() is { Length: > 200 } ? throw ApiException.Invalid("field_too_long", $"{field} is longer than 200 characters", field) : value?.Trim();

    private static string Check(Ibis.Domain.ParseResult<string> parsed, string field) =>
        parsed.Success ? parsed.Value : throw ApiException.Invalid(parsed.ErrorCode!, parsed.ErrorMessage!, field);
}
