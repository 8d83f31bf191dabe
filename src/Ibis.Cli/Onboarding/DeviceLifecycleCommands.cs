using System.CommandLine;

namespace Ibis.Cli.Onboarding;

/// <summary>
/// <c>ibis devices report-lost|notify|location-step|file-incident-report|recover|report-defective|retrieve|
/// ship|examine|replace|credit-withheld-refund|return-to-service|withdraw-suspect|check-out|lost-stolen-file</c>: a device's life after
/// commissioning (P050 2.5–2.9, 39 CFR 502.20, .24, .27), as clients of <c>/v1/devices/{id}/…</c>.
/// </summary>
internal static class DeviceLifecycleCommands
{
    public static void AddTo(Command devices, CliContext context)
    {
        Add(devices, context, "report-lost", "Report the device lost or stolen: date, place, details, police report (P050 2.8, 39 CFR 502.24).", "loss-report",
            [Opt("--kind", "lost or stolen", "lost"), Opt("--occurred-on", "date of the loss or theft (YYYY-MM-DD)", required: true),
             Opt("--place", "where it happened", required: true), Opt("--details", "what happened", required: true),
             Opt("--police-report", "the police report's reference"), Opt("--inspection-service", "the Inspection Service (CPIP) contact notified"),
             Opt("--origin", "provider only: not_located (502.24(a), default) or licensee_report (502.24(b))")],
            v => new { kind = v("--kind"), occurred_on = v("--occurred-on"), place = v("--place"), details = v("--details"),
                police_report_reference = v("--police-report"), inspection_service_contact = v("--inspection-service"), origin = v("--origin") });
        Add(devices, context, "notify", "Record the police report and the Inspection Service notification of a loss (39 CFR 502.24(b)(1)).", "loss-report/notifications",
            [Opt("--police-report", "the police report's reference"), Opt("--inspection-service", "the Inspection Service (CPIP) contact notified")],
            v => new { police_report_reference = v("--police-report"), inspection_service_contact = v("--inspection-service") });
        Add(devices, context, "location-step", "Provider: record one of the seven location actions of 39 CFR 502.24(a).", "loss-report/location-steps",
            [Opt("--step", "1–7", required: true), Opt("--outcome", "what it found", required: true)],
            v => new { step = int.TryParse(v("--step"), out var n) ? n : 0, outcome = v("--outcome") });
        Add(devices, context, "file-incident-report", "Provider: transmit the Lost and Stolen PSD Incident Report (39 CFR 502.20(g)).", "loss-report/filing", [], _ => new { });
        Add(devices, context, "recover", "A lost or stolen device was found: the recovery report is transmitted (39 CFR 502.24(c), (d)).", "recovery",
            [Opt("--recovered-on", "date of the recovery (YYYY-MM-DD)", required: true), Opt("--place", "where it was found", required: true), Opt("--details", "how it was recovered", required: true)],
            v => new { recovered_on = v("--recovered-on"), place = v("--place"), details = v("--details") });
        Add(devices, context, "report-defective", "Report a misregistering or defective device; it is blocked at once (P050 2.7).", "defect-report",
            [Opt("--details", "what is wrong", required: true)], v => new { details = v("--details") });
        Add(devices, context, "retrieve", "Provider: the defective device is back, with its shipment (P050 2.9, 39 CFR 502.20(l)).", "retrieval",
            [Opt("--carrier", "usps, or another carrier with written permission", "usps"), Opt("--service", "registered_mail or priority_mail_return_receipt", required: true),
             Opt("--tracking", "tracking number", required: true), Opt("--permission", "the Postal Service's written permission for another carrier or service")],
            v => new { carrier = v("--carrier"), service = v("--service"), tracking_number = v("--tracking"), written_permission = v("--permission") });
        Add(devices, context, "ship", "Provider: a device's journey out to its licensee or back (P050 2.5a, 2.9, 39 CFR 502.20(l)).", "shipments",
            [Opt("--direction", "to_licensee (outbound) or to_provider (return)", required: true),
             Opt("--carrier", "usps, or another carrier with written permission", "usps"), Opt("--service", "registered_mail or priority_mail_return_receipt", required: true),
             Opt("--tracking", "tracking number", required: true), Opt("--permission", "the Postal Service's written permission for another carrier or service")],
            v => new { direction = v("--direction"), carrier = v("--carrier"), service = v("--service"), tracking_number = v("--tracking"), written_permission = v("--permission") });
        Add(devices, context, "examine", "Provider: the examination report of a defective device; postage lost is the provider's loss (39 CFR 502.20(f), (j)).", "examination",
            [Opt("--findings", "the fault and its cause", required: true), Opt("--postage-lost", "postage lost through the malfunction, e.g. 1.250")],
            v => new { findings = v("--findings"), postage_lost = v("--postage-lost") });
        Add(devices, context, "replace", "Provider: commission a replacement under the same lease — for a lost, stolen, defective or suspect device, or one due for replacement (39 CFR 502.22(a)); remaining postage moves to it unless --postage-to deposit_account.", "replacement",
            [Opt("--with", "the inventory device that replaces it (psd_…)", required: true), Opt("--postage-to", "replacement (default) or deposit_account")],
            v => new { replacement_device_id = v("--with"), postage_to = v("--postage-to") });
        Add(devices, context, "credit-withheld-refund", "Provider, Postal Service or inspector: an examination validates an amount of the refund withheld when a tampered device was checked out; it is certified as a device-balance refund (39 CFR 502.27(b)).", "withheld-refund",
            [Opt("--amount", "the amount the examination validated, e.g. 99.260 (at most what the last verified registers allow)", required: true), Opt("--findings", "what the examination found", required: true)],
            v => new { validated_amount = v("--amount"), findings = v("--findings") });
        Add(devices, context, "return-to-service", "Provider or Postal Service: a locked device prints again after a clean audit, with the finding.", "return-to-service",
            [Opt("--finding", "what the investigation found", required: true)], v => new { finding = v("--finding") });
        Add(devices, context, "withdraw-suspect", "Inspector: withdraw a suspect device at once, with a receipt (P050 2.6).", "suspect-withdrawal",
            [Opt("--reason", "why it is suspected", required: true), Opt("--fraud-suspected", "true when it may be fraudulently set: its postage then stays", "false")],
            v => new { reason = v("--reason"), fraud_suspected = v("--fraud-suspected") == "true" });
        Add(devices, context, "check-out", "Provider: check the device out of service — Form 3601-C, DR credited to the deposit account, key destroyed (39 CFR 502.20(e), 502.27(b)).", "check-out",
            [Opt("--reason", "why it leaves service"), Opt("--notice-dr", "the DR noted when the licensee gave notice, e.g. 99.260")],
            v => new { reason = v("--reason"), notice_descending_register = v("--notice-dr") });

        var month = new Option<string?>("--month") { Description = "YYYY-MM (default: last month)" };
        var (server, key) = OnboardingCommands.Connection();
        var file = new Command("lost-stolen-file", "Provider: the monthly lost-and-stolen file, transmitted (39 CFR 502.20(k); docs/formats/lost-stolen-file.md).") { month, server, key };
        file.SetAction((parse, ct) => OnboardingCommands.Post(context, parse.GetValue(server)!, parse.GetValue(key), "/v1/lost-stolen-files", new { month = parse.GetValue(month) }, ct));
        devices.Subcommands.Add(file);
    }

    private static Option<string?> Opt(string name, string description, string? fallback = null, bool required = false)
    {
        var option = new Option<string?>(name) { Description = description, Required = required };
        if (fallback is not null) option.DefaultValueFactory = _ => fallback;
        return option;
    }

    private static void Add(Command devices, CliContext context, string name, string description, string path, Option<string?>[] options, Func<Func<string, string?>, object> body)
    {
        var id = new Argument<string>("device") { Description = "the device id (psd_…)" };
        var (server, key) = OnboardingCommands.Connection();
        var command = new Command(name, description) { id, server, key };
        foreach (var option in options) command.Options.Add(option);
        command.SetAction((parse, ct) => OnboardingCommands.Post(context, parse.GetValue(server)!, parse.GetValue(key),
            $"/v1/devices/{Uri.EscapeDataString(parse.GetValue(id)!)}/{path}", body(n => parse.GetValue(options.Single(o => o.Name == n))), ct));
        devices.Subcommands.Add(command);
    }
}
