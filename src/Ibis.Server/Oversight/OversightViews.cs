using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Domain.Money;
using Ibis.Server.Api;

namespace Ibis.Server.Oversight;

/// <summary>A device as the Postal Service sees it: its holder, status and registers (P050 3.4).</summary>
public sealed record OversightDeviceView(
    string Id, string ProviderId, string? LicenseeId, string Status, string Mode, string DeviceNumber,
    MoneyView AscendingRegister, MoneyView DescendingRegister, MoneyView ControlTotal, long PieceCount, long ResetCount,
    DateTimeOffset WatchdogDeadline, DateTimeOffset? LastResetAt, DateTimeOffset? LastAuditAt, DateTimeOffset? CommissionedAt, DateTimeOffset? WithdrawnAt)
{
    public static OversightDeviceView From(DeviceRow d) => new(
        d.Id, d.ProviderId, d.LicenseeId, d.Status.ToText(), d.Sandbox ? "test" : "live",
        new Domain.Devices.DeviceNumber((ushort)d.Vendor, (ushort)d.Model, (uint)d.Serial).ToString(),
        MoneyView.Of(Mills.FromMills(d.AscendingMills)), MoneyView.Of(Mills.FromMills(d.DescendingMills)), MoneyView.Of(Mills.FromMills(d.ControlTotalMills)),
        d.PieceCount, d.ResetCount, d.WatchdogDeadline, d.LastResetAt, d.LastAuditAt, d.CommissionedAt, d.WithdrawnAt);
}

public sealed record OversightResetView(string Id, string DeviceId, long Sequence, MoneyView Amount, MoneyView AscendingAfter, MoneyView DescendingAfter, string? AuditId, DateTimeOffset CreatedAt)
{
    public static OversightResetView From(ResetRow r) => new(r.Id, r.DeviceId, r.Sequence, MoneyView.Of(Mills.FromMills(r.AmountMills)),
        MoneyView.Of(Mills.FromMills(r.AscendingAfterMills)), MoneyView.Of(Mills.FromMills(r.DescendingAfterMills)), r.AuditId, r.CreatedAt);
}

public sealed record OversightAuditView(string Id, string DeviceId, string Kind, bool Passed, string? Reasons, DateTimeOffset CreatedAt)
{
    public static OversightAuditView From(AuditRow a) => new(a.Id, a.DeviceId, a.Kind, a.Passed, a.Reasons, a.CreatedAt);
}

public sealed record OversightIndiciumView(string Id, string DeviceId, long PieceNumber, MoneyView Postage, string MailClass, string RateCategory, DateOnly MailingDate, DateTimeOffset CreatedAt)
{
    public static OversightIndiciumView From(IndiciumRow i) => new(i.Id, i.DeviceId, i.PieceNumber, MoneyView.Of(Mills.FromMills(i.PostageMills)), i.MailClass, i.RateCategory, i.MailingDate, i.CreatedAt);
}

public sealed record OversightCaseView(string Id, string DeviceId, string ProviderId, string Kind, string Detail, DateTimeOffset CreatedAt, DateTimeOffset? ResolvedAt)
{
    public static OversightCaseView From(CaseRow c) => new(c.Id, c.DeviceId, c.ProviderId, c.Kind, c.Detail, c.CreatedAt, c.ResolvedAt);
}

public sealed record OversightReadView(string Id, string Actor, string Role, string Resource, string? SubjectId, string Purpose, DateTimeOffset ReadAt)
{
    public static OversightReadView From(OversightReadRow r) => new(r.Id, r.Actor, r.Role, r.Resource, r.SubjectId, r.Purpose, r.ReadAt);
}
