using Microsoft.Extensions.DependencyInjection.Extensions;
namespace Ibis.Server.Psd;

/// <summary>The postal security device: registers and their seal, the PSD transaction, resets, audits, withdrawal, key rollover, the DR cap; inventory, inspection, commissioning and certificates of a device; its life after commissioning (loss, theft, defects, suspects, replacement, examination, check-out) — §502, P050 3.</summary>
public static class PsdModule
{
    public static IServiceCollection AddPsd(this IServiceCollection services)
    {
        services.AddSingleton<RegisterSeal>();
        // One per installation, shared with the verifier of scanned indicia (VerificationModule adds the same).
        services.TryAddSingleton<Ibis.Security.Signatures.CertificateKeys>();
        services.AddSingleton<DeviceAuditor>();
        services.AddSingleton<DeviceLockout>();
        services.AddScoped<PsdTransaction>();
        services.AddSingleton<DeviceTurns>();
        services.AddScoped<ResetDevice>();
        services.AddScoped<AuditDevice>();
        services.AddScoped<IssueAuditChallenge>();
        services.AddScoped<ProduceAuditMessage>();
        services.AddScoped<WithdrawDevice>();
        services.AddScoped<RollOverDeviceKey>();
        services.AddScoped<SetDescendingRegisterCap>();
        services.AddScoped<AddDeviceToInventory>();
        services.AddScoped<InspectDevice>();
        services.AddScoped<CommissionDevice>();
        services.AddScoped<RequestDeviceCertificate>();
        services.AddScoped<ShowCertificateRequest>();
        services.AddScoped<ImportDeviceCertificate>();
        services.AddScoped<ReportDeviceMissing>();
        services.AddScoped<RecordLossNotifications>();
        services.AddScoped<CompleteLocationStep>();
        services.AddScoped<FileIncidentReport>();
        services.AddScoped<RecoverDevice>();
        services.AddScoped<ReportDeviceDefective>();
        services.AddScoped<RecordDeviceRetrieval>();
        services.AddScoped<ShipDevice>();
        services.AddScoped<RecordDeviceExamination>();
        services.AddScoped<ReplaceDevice>();
        services.AddScoped<CreditWithheldRefund>();
        services.AddScoped<ReturnDeviceToService>();
        services.AddScoped<WithdrawSuspectDevice>();
        services.AddScoped<ProduceLostStolenFile>();
        services.AddScoped<ListDevicesDueForReplacement>();
        services.AddScoped<RecordUnannouncedExamination>();
        services.AddSingleton<RegisterCheckpoints>();
        return services;
    }
}
