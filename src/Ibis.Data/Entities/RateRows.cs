using Ibis.Domain.Indicia;

namespace Ibis.Data.Entities;

// Rows of the Rates and Indicia modules (rate tables, collection schedules, advertising matter,
// indicium designs, REDATE imprints). Money stays in integer mills inside the documents too.

/// <summary>
/// One imported price list (P050 1.5, §502.22(b)): the JSON document exactly as validated, with its
/// effective date lifted into a column so the table in force on a date is one indexed query.
/// Rows are never changed once stored; a new price list is a new row.
/// </summary>
public sealed class RateTableRow
{
    public required string Id { get; set; }
    public required string Name { get; set; }
    public DateOnly EffectiveOn { get; set; }
    /// <summary>True for sample tables shipped with Ibis (not an official USPS price list).</summary>
    public bool Sample { get; set; }
    /// <summary>The price list in the format of docs/rate-tables.md (categories and zone chart).</summary>
    public required string Document { get; set; }
    public required string Sha256 { get; set; }
    public required string ImportedBy { get; set; }
    public DateTimeOffset ImportedAt { get; set; }
}

/// <summary>The collection schedule of a licensing post office (P050 4.7), keyed by its ZIP Code.</summary>
public sealed class CollectionScheduleRow
{
    public required string PostOfficeZip { get; set; }
    /// <summary>IANA time zone of the post office: collection times and "today" are local.</summary>
    public required string TimeZone { get; set; }
    /// <summary>JSON: collection times per weekday and dates without collection.</summary>
    public required string Document { get; set; }
    public required string UpdatedBy { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>Advertising art or a slogan supplied by a provider (P050 4.10, §502.20(d)), with its approval.</summary>
public sealed class AdvertisementRow
{
    public required string Id { get; set; }
    public required string ProviderId { get; set; }
    /// <summary>When set, only this licensee may print it (art naming that mailer).</summary>
    public string? LicenseeId { get; set; }
    public required string Name { get; set; }
    /// <summary>slogan | art</summary>
    public required string Kind { get; set; }
    /// <summary>The words printed with the art: the mailer's name or "Mailer's Message" (P050 4.10).</summary>
    public required string Caption { get; set; }
    public string? Text { get; set; }
    public byte[]? ArtPng { get; set; }
    public required ApprovalStatus Status { get; set; }
    public required string SubmittedBy { get; set; }
    public DateTimeOffset SubmittedAt { get; set; }
    public string? DecidedBy { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public string? DecisionReason { get; set; }
}

/// <summary>An indicium design a provider registered (P050 4.1) and its approval.</summary>
public sealed class IndiciumDesignRow
{
    public required string Id { get; set; }
    /// <summary>Null for the design built into Ibis, available to every provider.</summary>
    public string? ProviderId { get; set; }
    public required string Name { get; set; }
    /// <summary>The renderer's layout this design uses.</summary>
    public required string Layout { get; set; }
    /// <summary>The USPS approval the provider cites for this design.</summary>
    public required string ApprovalReference { get; set; }
    public required ApprovalStatus Status { get; set; }
    public required string RegisteredBy { get; set; }
    public DateTimeOffset RegisteredAt { get; set; }
    public string? DecidedBy { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public string? DecisionReason { get; set; }
}

/// <summary>
/// A REDATE imprint (P050 4.8): the actual date of mailing and the word REDATE, no postage and no
/// barcode, so no register moves and no piece is counted; kept so it can be rendered again.
/// </summary>
public sealed class RedateRow
{
    public required string DeviceId { get; set; }
    public required string Id { get; set; }
    public DateOnly MailingDate { get; set; }
    public required string MailClass { get; set; }
    public required string RateCategory { get; set; }
    /// <summary>The indicium whose date this corrects, when the mailer named it.</summary>
    public string? CorrectsIndiciumId { get; set; }
    public required string DesignId { get; set; }
    public string? Medium { get; set; }
    public string? MailedFromZip { get; set; }
    public bool Sandbox { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>The licensing post office's approval to show its classified branch (P050 4.5).</summary>
public sealed class ClassifiedBranchRow
{
    public required string LicenseId { get; set; }
    public required string BranchName { get; set; }
    public required string State { get; set; }
    public required string ApprovedBy { get; set; }
    public DateTimeOffset ApprovedAt { get; set; }
}

// The indicium columns added by issue 5 (variant, design, advertising, zone, the table that priced it).
public sealed partial class IndiciumRow
{
    /// <summary>standard | postage_correction (P050 4.9). REDATE imprints are <see cref="RedateRow"/>s.</summary>
    public string Variant { get; set; } = "standard";
    public string? DesignId { get; set; }
    public string? AdvertisementId { get; set; }
    public string? Medium { get; set; }
    public string? OriginZip { get; set; }
    public int? Zone { get; set; }
    public string? RateTableId { get; set; }
    /// <summary>True when a Standard Mail indicium shows month and year only (P050 4.6).</summary>
    public bool OmitDay { get; set; }
    /// <summary>Set when the indicium shows "Mailed From ZIP Code" and this ZIP instead of city and state (P050 4.5).</summary>
    public string? MailedFromZip { get; set; }
    /// <summary>For a postage correction: the short-paid indicium it adds to.</summary>
    public string? CorrectsIndiciumId { get; set; }
}
