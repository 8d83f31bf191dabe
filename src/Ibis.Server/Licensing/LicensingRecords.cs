using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Domain.Licensing;
using Ibis.Domain.Psd;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Licensing;

/// <summary>
/// What the licensing decisions share: the devices of a license still in service, the provider's tasks of
/// §502.20(h) and P050 2.5e, and the written notices of P050 2.2–2.4 to the licensee and its provider.
/// </summary>
internal static class LicensingRecords
{
    /// <summary>The devices of a license not withdrawn, in a fixed order.</summary>
    public static Task<List<DeviceRow>> ActiveDevices(IbisDb db, string licenseId, CancellationToken ct) =>
        db.Devices.Where(d => d.LicenseId == licenseId && d.Status != DeviceStatus.Withdrawn).OrderBy(d => d.Id).ToListAsync(ct);

    /// <summary>A task of the provider's, open until it records it done (<see cref="CompleteProviderTask"/>).</summary>
    public static void AddTask(IbisDb db, LicenseRow license, DeviceRow? device, string? leaseId, string kind, string rule, DateTimeOffset due, DateTimeOffset now) =>
        db.ProviderTasks.Add(new ProviderTaskRow
        {
            Id = Ids.New("tsk"), ProviderId = device?.ProviderId ?? db.Licensees.Where(l => l.Id == license.LicenseeId).Select(l => l.ProviderId).First(),
            LicenseeId = license.LicenseeId, LicenseId = license.Id, DeviceId = device?.Id, LeaseId = leaseId, Kind = kind, Rule = rule, DueAt = due,
            Status = ProviderTaskStatus.Open, CreatedAt = now,
        });

    /// <summary>Written notice to the applicant/licensee and notice to its provider (P050 2.2, 2.3, 2.4).</summary>
    public static void Notify(IbisDb db, string licenseeId, string providerId, string kind, string subjectId, DateTimeOffset now, string toLicensee, string toProvider)
    {
        db.Notices.Add(new NoticeRow { Id = Ids.New("ntc"), Recipient = "licensee", LicenseeId = licenseeId, ProviderId = providerId, Kind = kind, SubjectId = subjectId, Text = toLicensee, CreatedAt = now });
        db.Notices.Add(new NoticeRow { Id = Ids.New("ntc"), Recipient = "provider", LicenseeId = licenseeId, ProviderId = providerId, Kind = kind, SubjectId = subjectId, Text = toProvider, CreatedAt = now });
    }

    /// <summary>The official's own words, as a sentence of the notice.</summary>
    public static string Detail(string? detail) => string.IsNullOrWhiteSpace(detail) ? "" : detail.Trim().TrimEnd('.') + ". ";
}
