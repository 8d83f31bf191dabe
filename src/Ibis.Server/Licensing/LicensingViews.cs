using System.Text.Json;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Domain.Licensing;

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
