using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Server.Customers;

namespace Ibis.Server.Privacy;

/// <summary>One field an amendment request asks to change; the value is shown masked like every screen shows it.</summary>
public sealed record RequestedChange(string Category, string Field, string? Shown);

public sealed record PrivacyRequestView(string Id, string Object, string Kind, string Status, string RequesterLicenseeId, string? RecordId,
    string? VerificationMethod, string? RefusalReasons, DateTimeOffset ReceivedAt, DateTimeOffset? VerifiedAt, DateTimeOffset? DecidedAt,
    string? ReceivedVia = null, string? VerificationNote = null, string? CustomerName = null, string? CustomerId = null, string? LogonId = null)
{
    /// <summary>The decision in the API's one vocabulary: approved, rejected or pending (the rule's word stays in status).</summary>
    public string Decision => Api.Decisions.Of(Status);

    public static PrivacyRequestView From(PrivacyRequestRow r) => new(r.Id, "privacy_request", r.Kind, r.Status.ToText(), r.RequesterLicenseeId, r.RecordId,
        r.VerificationMethod, r.RefusalReasons, r.ReceivedAt, r.VerifiedAt, r.DecidedAt, r.ReceivedVia, r.VerificationNote, r.CustomerName, r.CustomerNumber, r.LogonId);
}

/// <summary>
/// A record held about the requester: the field names by category, and the values themselves
/// (<see cref="Values"/>; sensitive ones masked as on every screen), its ACH records, how many other
/// records hang on it, and the accounting of its disclosures (5 U.S.C. 552a(c)(3)).
/// </summary>
public sealed record HeldRecord(string RecordId, string CustomerId, string CustomerName, string? LogonId, IReadOnlyDictionary<string, IReadOnlyList<string>> Categories,
    int AchRecords, int LogonRecords, int SecurityAccessRecords, int EarlierVersions, int Applications, int AccessLogEntries,
    IReadOnlyDictionary<string, Dictionary<string, string>>? Values = null, IReadOnlyList<AchView>? Ach = null, IReadOnlyList<DisclosureView>? Disclosures = null);

public sealed record PrivacyReportView(string Object, string RequestId, DateTimeOffset ProducedAt, IReadOnlyList<HeldRecord> Records);
