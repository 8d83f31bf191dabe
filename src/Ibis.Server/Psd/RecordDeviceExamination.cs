using Ibis.Data;
using Ibis.Domain.Money;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Ibis.Server.Funds;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Psd;

public sealed record RecordDeviceExaminationCommand(string? Findings, MoneyInput? PostageLost);

/// <summary>
/// §502.20(f), (j): the provider examines the retrieved device and reports to the Postal Service (MTM) the
/// failure and its cause — a transmission. Postage lost through the malfunction is the provider's loss
/// (P050 3.3, §502.27): credited to the licensee's deposit account as an adjustment, in the same transaction.
/// </summary>
public sealed class RecordDeviceExamination(IbisDb db, CommandPipeline pipeline, Transmissions transmissions, TimeProvider clock)
{
    public const string TransmissionKind = "defect_examination_report";

    public Task<IncidentView> Handle(Caller caller, string deviceId, RecordDeviceExaminationCommand command, CancellationToken ct) => pipeline.Run(caller, CompleteLocationStep.Access, async ct =>
    {
        var lost = command.PostageLost?.Parse("postage_lost") ?? Mills.Zero;
        var loaded = await DeviceLife.Load(db, caller, deviceId, ct);
        var now = clock.GetUtcNow();
        loaded.Device.RecordExamination(command.Findings, lost.Value, caller.UserOrKeyId, now);
        DeviceLife.Save(db, loaded);
        var d = loaded.Row;
        string? adjustment = null;
        if (lost.IsPositive)
        {
            // Lock order: device row (above), then the lease's resetting account.
            var lease = await db.Leases.AsNoTracking().FirstAsync(l => l.Id == d.LeaseId, ct);
            var account = await AccountLock.Row(db, lease.ResettingAccountId, ct);
            adjustment = Ledger.Post(db, account, "adjustment", loaded.Device.Incident!.Id, now, $"postage lost through a malfunction of {d.Id}: the provider's loss (P050 3.3)",
                (Books.ProviderAdjustment, -lost.Value), (Books.Deposit, lost.Value));
        }
        var incident = loaded.Device.Incident!;
        transmissions.Add(db, TransmissionKind, incident.Id, d.ProviderId, now, new Dictionary<string, object?>
        {
            ["type"] = "ibis.defect_examination_report.v1",
            ["incident_id"] = incident.Id,
            ["device_id"] = d.Id,
            ["device_number"] = new Domain.Devices.DeviceNumber((ushort)d.Vendor, (ushort)d.Model, (uint)d.Serial).ToString(),
            ["reported_on"] = FileIncidentReport.Day(incident.OccurredOn),
            ["defect"] = incident.Details,
            ["retrieval_due_on"] = FileIncidentReport.Day(incident.RetrievalDueOn),
            ["retrieved_at"] = incident.RetrievedAt,
            ["findings"] = incident.ExaminationFindings,
            ["ascending_register"] = Mills.FromMills(d.AscendingMills).ToString(),
            ["descending_register"] = Mills.FromMills(d.DescendingMills).ToString(),
            ["control_total"] = Mills.FromMills(d.ControlTotalMills).ToString(),
            ["piece_count"] = d.PieceCount,
            ["postage_lost"] = lost.ToString(),
            ["adjustment_transaction_id"] = adjustment,
        });
        return IncidentView.From(incident, loaded.Device.Status);
    }, ct);
}
