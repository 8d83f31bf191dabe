using System.Globalization;
using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Domain.Reporting;
using Ibis.Server.Auth;
using Ibis.Server.Funds;
using Ibis.Server.Psd;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Reporting;

/// <param name="DeviceId">The device (and so the model) the weakness concerns.</param>
/// <param name="Kind">One of <see cref="OpenSecurityWeakness.WeaknessKinds"/>.</param>
public sealed record OpenSecurityWeaknessCommand(string? DeviceId, string? Kind, string? Detail);

/// <summary>
/// §502.14(b)(1)–(2): a provider opens a case for a potential security weakness it learnt of outside Ibis (Ibis
/// opens one itself when a device's registers fail their integrity check or an audit fails, Psd/DeviceLockout);
/// the 21-day clock of the preliminary notice starts now (Compliance/Duties/SecurityWeaknessReports).
/// </summary>
internal sealed class OpenSecurityWeakness(IbisDb db, CommandPipeline pipeline, TimeProvider clock)
{
    public static readonly Access Access = CaseRecords.Provider;

    /// <summary>§502.14(b)(1)–(2): what a provider may learn of and must report, besides what Ibis finds itself.</summary>
    public static readonly IReadOnlyList<string> WeaknessKinds =
        ["test_finding", "equipment_defect", "suspected_abuse", "resetting_system_breach", "key_compromise", "performance_deviation"];

    public Task<CaseView> Handle(Caller caller, OpenSecurityWeaknessCommand command, CancellationToken ct) => pipeline.Run(caller, Access, async ct =>
    {
        if (string.IsNullOrWhiteSpace(command.DeviceId)) throw CaseRecords.Invalid("device_id_required", "device_id is required: the device (and so the model) the weakness concerns", "device_id");
        if (command.Kind is null || !WeaknessKinds.Contains(command.Kind)) throw CaseRecords.Invalid("weakness_kind_invalid", $"kind is one of {string.Join(", ", WeaknessKinds)} (§502.14(b))", "kind");
        if (string.IsNullOrWhiteSpace(command.Detail)) throw CaseRecords.Invalid("detail_required", "detail is required: what was found and how", "detail");
        var device = await db.Devices.AsNoTracking().FirstOrDefaultAsync(d => d.Id == command.DeviceId && d.ProviderId == caller.ProviderId && d.Sandbox == caller.TestMode, ct)
                     ?? throw new BusinessRuleViolationException(new BrokenRule("not_found", $"no device '{command.DeviceId}' is yours", "device_id", RuleKind.NotFound));
        var row = new CaseRow { Id = Ids.New("case"), DeviceId = device.Id, ProviderId = device.ProviderId, Kind = command.Kind, Detail = command.Detail.Trim(), CreatedAt = clock.GetUtcNow() };
        db.Cases.Add(row);
        return CaseView.From(row);
    }, ct);
}
