using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Ibis.Domain.Calendar;
using Ibis.Domain.Psd;
using Ibis.Domain.Refunds;
using Ibis.Server.Tests.Funds;
using Ibis.Server.Tests.Indicia;
using Ibis.Server.Tests.Infrastructure;
using Ibis.Server.Tests.Licensing;
using Ibis.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Ibis.Server.Tests.Psd;

/// <summary>
/// Issue 12 "done when", through the API on a real database: a lost → reported → replaced → recovered
/// story and a defective → retrieved → examined → replaced story, with the money exact at every step —
/// the sum of descending registers (of devices not checked out), the deposit balance, printed postage
/// and adjustments never changes (these stories make no deposits); locks, stale audits and check-out.
/// </summary>
public abstract class DeviceLifecycleTests(Func<IbisApp> app)
{
    private IbisApp App => app();

    private static readonly string Today = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    private static readonly string Yesterday = DateTime.UtcNow.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Σ DR (devices not checked out) + deposit balance + Σ AR + provider adjustments + device balances awaiting approval; checks every ledger transaction balances and each device's book.</summary>
    private Task<long> Money(string licenseeId) => App.WithDb(async db =>
    {
        var devices = await db.Devices.AsNoTracking().Where(d => d.LicenseeId == licenseeId).ToListAsync();
        var account = await db.DepositAccounts.AsNoTracking().SingleAsync(a => a.LicenseeId == licenseeId);
        var lines = await db.Ledger.AsNoTracking().Where(l => l.AccountId == account.Id).ToListAsync();
        Assert.All(lines.GroupBy(l => l.TransactionId), t => Assert.Equal(0, t.Sum(l => l.AmountMills)));
        Assert.Equal(account.BalanceMills, lines.Where(l => l.Book == "deposit").Sum(l => l.AmountMills));
        foreach (var d in devices)
        {
            // A device's book holds its control total, less what left it at check-out: a transfer at once, a
            // refund (§502.27(b)) once the district MATS coordinator approved it and it was paid.
            var paid = await db.RefundRequests.AsNoTracking().Where(r => r.DeviceId == d.Id && r.Kind == RefundKind.DeviceBalance && r.Status == RefundStatus.Paid).Select(r => r.ActivityReportId).ToListAsync();
            var left = (await db.ActivityReports.AsNoTracking().Where(a => a.DeviceId == d.Id).ToListAsync())
                .Where(a => a.LedgerTransactionId != null || paid.Contains(a.Id)).Sum(a => a.ValidatedRefundMills);
            Assert.Equal(d.ControlTotalMills - left, lines.Where(l => l.Book == "psd:" + d.Id).Sum(l => l.AmountMills));
            Assert.Equal(d.AscendingMills + d.DescendingMills, d.ControlTotalMills);
        }
        // A device balance certified but not yet approved is postage on its way to the deposit account.
        var inTransit = await db.RefundRequests.AsNoTracking()
            .Where(r => r.LicenseeId == licenseeId && r.Kind == RefundKind.DeviceBalance && r.Status != RefundStatus.Paid && r.Status != RefundStatus.Rejected).SumAsync(r => r.QualifyingMills);
        return devices.Where(d => d.Status != DeviceStatus.Withdrawn).Sum(d => d.DescendingMills) + account.BalanceMills + devices.Sum(d => d.AscendingMills)
               + lines.Where(l => l.Book == "provider_adjustment").Sum(l => l.AmountMills) + inTransit;
    });

    private Task<string> Balance(string licenseeId) => App.WithDb(async db =>
        Domain.Money.Mills.FromMills(await db.DepositAccounts.Where(a => a.LicenseeId == licenseeId).Select(a => a.BalanceMills).SingleAsync()).ToString());

    /// <summary>A new device in the provider's inventory that passed its inspection (§502.18).</summary>
    private async Task<string> InventoryDevice()
    {
        var id = (string)(await App.Provider().PostJson("/v1/devices", new { }).Ok(HttpStatusCode.Created))["id"]!;
        await App.Provider().PostJson($"/v1/devices/{id}/inspection", new { passed = true }).Ok();
        return id;
    }

    private Task<int> Transmissions(string kind, string subject) => App.WithDb(db => db.Transmissions.CountAsync(t => t.Kind == kind && t.Subject == subject));

    private async Task<string[]> History(string deviceId) =>
        (await App.Provider().GetAsync($"/v1/devices/{deviceId}/history").Ok())["data"]!.AsArray().Select(e => (string)e!["kind"]!).ToArray();

    [SkippableFact]
    public async Task Lost_Reported_Replaced_Recovered_CheckedOut_WithTheMoneyExactAtEveryStep()
    {
        var who = await App.NewLicensee("Lost Device Mailer");
        var licensee = App.ClientFor(who.ApiKey);
        var provider = App.Provider();
        var printed = await licensee.Print(who.DeviceId).Ok(HttpStatusCode.Created); // today, after the loss the licensee reports next
        var total = await Money(who.LicenseeId);
        var balance = await Balance(who.LicenseeId);

        // Bad input changes nothing: an incomplete report, an unknown device, another licensee's device.
        var before = await licensee.Snapshot(who.DeviceId);
        await licensee.PostJson($"/v1/devices/{who.DeviceId}/loss-report", new { kind = "lost", occurred_on = Yesterday, details = "left on the train" }).Problem(400, "report_incomplete", "place");
        await licensee.PostJson($"/v1/devices/{who.DeviceId}/loss-report", new { kind = "misplaced", occurred_on = Yesterday, place = "x", details = "y" }).Problem(400, "kind_invalid", "kind");
        await licensee.PostJson("/v1/devices/psd_aaaaaaaaaaaaaaaaaaaaaaaa/loss-report", new { kind = "lost", occurred_on = Yesterday, place = "x", details = "y" }).Problem(404, "device_not_found");
        var other = await App.NewLicensee("Other Mailer");
        await App.ClientFor(other.ApiKey).PostJson($"/v1/devices/{who.DeviceId}/loss-report", new { kind = "lost", occurred_on = Yesterday, place = "x", details = "y" }).Problem(404, "device_not_found");
        await licensee.PostJson($"/v1/devices/{who.DeviceId}/recovery", new { recovered_on = Today, place = "x", details = "y" }).Problem(409, "device_not_reported_missing");
        Assert.Equal(before, await licensee.Snapshot(who.DeviceId));

        // P050 2.8: the licensee's report; the device stops printing at once, the incident report is due in 30 days.
        var report = await licensee.PostJson($"/v1/devices/{who.DeviceId}/loss-report",
            new { kind = "lost", occurred_on = Yesterday, place = "Union Station, Washington DC", details = "left on the train in its case" }).Ok(HttpStatusCode.Created);
        Assert.Equal(("lost", "licensee_report", "lost"), ((string)report["device_status"]!, (string)report["origin"]!, (string)report["kind"]!));
        Assert.Equal(DateTime.UtcNow.AddDays(30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), (string)report["incident_report_due_on"]!);
        await licensee.PostJson($"/v1/devices/{who.DeviceId}/loss-report", new { kind = "stolen", occurred_on = Yesterday, place = "x", details = "y" }).Problem(409, "device_already_reported_missing");
        await BadInputTests.AssertProblem(await licensee.Print(who.DeviceId), 403, "device_not_in_service", null, "print while lost");
        Assert.Equal(total, await Money(who.LicenseeId));

        // An indicium dated after the loss verifies with the reason; another device's piece does not.
        var verdict = await App.CreateClient().PostJson("/v1/verifications", new { barcode_data = (string)printed["barcode_data"]! }).Ok();
        Assert.False((bool)verdict["valid"]!);
        Assert.Contains(verdict["reasons"]!.AsArray(), r => (string)r!["code"]! == "device_reported_lost");
        var otherPiece = await App.ClientFor(other.ApiKey).Print(other.DeviceId).Ok(HttpStatusCode.Created);
        Assert.True((bool)(await App.CreateClient().PostJson("/v1/verifications", new { barcode_data = (string)otherPiece["barcode_data"]! }).Ok())["valid"]!);

        // §502.24(b)(2): no replacement until the police report and the Inspection Service notification are recorded.
        var spare = await InventoryDevice();
        await provider.PostJson($"/v1/devices/{who.DeviceId}/replacement", new { replacement_device_id = spare }).Problem(409, "replacement_withheld");
        await provider.PostJson($"/v1/devices/{who.DeviceId}/loss-report/filing", new { }).Problem(409, "police_report_required");
        await licensee.PostJson($"/v1/devices/{who.DeviceId}/loss-report/notifications", new { police_report_reference = "MPD 26-118832" }).Ok();
        await provider.PostJson($"/v1/devices/{who.DeviceId}/replacement", new { replacement_device_id = spare }).Problem(409, "replacement_withheld");
        Assert.Equal("inventory", (string)(await provider.Device(spare))["status"]!);
        await provider.PostJson($"/v1/devices/{who.DeviceId}/loss-report/notifications", new { inspection_service_contact = "CPIP specialist, Washington Division" }).Ok();
        var replaced = await provider.PostJson($"/v1/devices/{who.DeviceId}/replacement", new { replacement_device_id = spare }).Ok(HttpStatusCode.Created);
        Assert.Equal(("in_service", "0.000", "0.000"), ((string)replaced["replacement"]!["status"]!, replaced["replacement"]!.Amount("descending_register"), replaced.Amount("postage_moved")));
        Assert.Equal("lost", (string)replaced["incident"]!["device_status"]!); // the missing device keeps its postage (§502.24(c))
        await provider.PostJson($"/v1/devices/{who.DeviceId}/replacement", new { replacement_device_id = await InventoryDevice() }).Problem(409, "device_already_replaced");
        Assert.Equal(total, await Money(who.LicenseeId));
        Assert.Equal(balance, await Balance(who.LicenseeId));

        // §502.20(g): the incident report, transmitted; the monthly file lists the device (§502.20(k)).
        var filed = await provider.PostJson($"/v1/devices/{who.DeviceId}/loss-report/filing", new { }).Ok();
        Assert.NotNull((string?)filed["incident_report_filed_at"]);
        var incidentId = (string)filed["id"]!;
        Assert.Equal(1, await Transmissions("lost_stolen_incident_report", incidentId));
        var month = DateTime.UtcNow.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var file = await provider.PostJson("/v1/lost-stolen-files", new { month }).Ok(HttpStatusCode.Created);
        Assert.Equal("lost_stolen_file", (string)file["kind"]!);
        var record = file["body"]!["records"]!.AsArray().Single(r => (string)r!["device_id"]! == who.DeviceId)!;
        Assert.Equal(("lost", Yesterday, "MPD 26-118832", true), ((string)record["kind"]!, (string)record["occurred_on"]!, (string)record["police_report_reference"]!, (bool)record["inspection_service_notified"]!));
        Assert.Equal("99.260", (string)record["descending_register"]!);

        // §502.24(c), (d): recovery; the recovery report goes out at once and the device leaves later files.
        await licensee.PostJson($"/v1/devices/{spare}/recovery", new { recovered_on = Today, place = "x", details = "y" }).Problem(409, "device_not_reported_missing");
        var recovered = await licensee.PostJson($"/v1/devices/{who.DeviceId}/recovery", new { recovered_on = Today, place = "Amtrak lost and found", details = "handed in by a passenger, case sealed" }).Ok();
        Assert.Equal("recovered", (string)recovered["device_status"]!);
        Assert.Equal(DateTime.UtcNow.AddDays(30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), (string)recovered["recovery_report_due_on"]!);
        Assert.NotNull((string?)recovered["recovery_report_filed_at"]);
        Assert.Equal(2, await Transmissions("lost_stolen_incident_report", incidentId));
        var later = await provider.PostJson("/v1/lost-stolen-files", new { month }).Ok(HttpStatusCode.Created);
        Assert.DoesNotContain(later["body"]!["records"]!.AsArray(), r => (string)r!["device_id"]! == who.DeviceId);
        Assert.Equal(2, (int)later["version"]!);

        // A recovered device with a replacement is checked out (502.24(c)): its DR is refunded to the deposit account.
        await provider.PostJson($"/v1/devices/{who.DeviceId}/return-to-service", new { finding = "inspected" }).Problem(409, "device_cannot_return_to_service");
        var checkedOut = await provider.PostJson($"/v1/devices/{who.DeviceId}/check-out", new { reason = "recovered after replacement", notice_descending_register = "99.260" }).Ok(HttpStatusCode.Created);
        Assert.Equal(("99.260", "99.260", "99.260"), (checkedOut.Amount("refund_due"), checkedOut.Amount("validated_refund"), checkedOut.Amount("notice_descending_register")));
        // §502.27(b)(3)–(4): Form 3601-C goes to the district MATS coordinator, who arranges the credit.
        var refundId = (string)checkedOut["refund_id"]!;
        Assert.Null((string?)checkedOut["ledger_transaction_id"]);
        var pending = await provider.GetAsync($"/v1/refunds/{refundId}").Ok();
        Assert.Equal(("device_balance", "certified", "99.260"), ((string)pending["kind"]!, (string)pending["status"]!, (string)pending["qualifying"]!["amount"]!));
        Assert.Equal(balance, await Balance(who.LicenseeId));
        Assert.Equal(total, await Money(who.LicenseeId));
        var paidRefund = await App.RefundCoordinator().PostAsync($"/v1/refunds/{refundId}/approval", null).Ok();
        Assert.Equal("paid", (string)paidRefund["status"]!);
        Assert.Equal(Domain.Money.Mills.FromMills(Domain.Money.Mills.ParseDollars(balance).Value.Value + 99_260).ToString(), await Balance(who.LicenseeId));
        Assert.Equal(total, await Money(who.LicenseeId));
        await App.RefundCoordinator().PostAsync($"/v1/refunds/{refundId}/approval", null).Problem(409, "refund_status_conflict");
        Assert.Equal(Domain.Money.Mills.FromMills(Domain.Money.Mills.ParseDollars(balance).Value.Value + 99_260).ToString(), await Balance(who.LicenseeId));
        await provider.PostJson($"/v1/devices/{who.DeviceId}/check-out", new { }).Problem(409, "device_withdrawn");
        // Form 3601-C as a PDF, for the licensee too; not for another licensee.
        var pdf = await licensee.GetAsync($"/v1/activity-reports/{(string)checkedOut["id"]!}.pdf");
        Assert.Equal(("application/pdf", "%PDF-"), (pdf.Content.Headers.ContentType?.MediaType, System.Text.Encoding.Latin1.GetString(await pdf.Content.ReadAsByteArrayAsync())[..5]));
        await App.ClientFor(other.ApiKey).GetAsync($"/v1/activity-reports/{(string)checkedOut["id"]!}.pdf").Problem(404, "activity_report_not_found");
        Assert.Equal(total, await Money(who.LicenseeId));

        var history = await History(who.DeviceId);
        foreach (var kind in new[] { "reported_lost", "police_report_recorded", "inspection_service_notified", "replaced", "incident_report_filed", "recovered", "recovery_report_filed", "checked_out" })
            Assert.Contains(kind, history);
        Assert.Equal("checked_out", history[^1]);
        // The Postal Service reads the same history; another licensee cannot.
        var postalHistory = await App.Postal().GetAsync($"/v1/devices/{who.DeviceId}/history").Ok();
        Assert.Equal(history, postalHistory["data"]!.AsArray().Select(e => (string)e!["kind"]!).ToArray());
        await App.ClientFor(other.ApiKey).GetAsync($"/v1/devices/{who.DeviceId}/history").Problem(404, "device_not_found");
        var incidents = await licensee.GetAsync($"/v1/devices/{who.DeviceId}/incidents").Ok();
        Assert.Equal("closed", (string)incidents["data"]![0]!["status"]!);
    }

    [SkippableFact]
    public async Task ANotLocatedDevice_NeedsTheSevenLocationSteps_BeforeItsIncidentReport()
    {
        var who = await App.NewLicensee("Vanished Mailer");
        var provider = App.Provider();
        await provider.PostJson($"/v1/devices/{who.DeviceId}/loss-report", new { kind = "lost", occurred_on = Yesterday, place = "last known address", details = "licensee moved without notice" }).Ok(HttpStatusCode.Created);
        await provider.PostJson($"/v1/devices/{who.DeviceId}/loss-report/location-steps", new { step = 9, outcome = "x" }).Problem(400, "location_step_invalid", "step");
        for (var step = 1; step <= 6; step++)
            await provider.PostJson($"/v1/devices/{who.DeviceId}/loss-report/location-steps", new { step, outcome = $"no result ({step})" }).Ok();
        await provider.PostJson($"/v1/devices/{who.DeviceId}/loss-report/location-steps", new { step = 2, outcome = "again" }).Problem(409, "location_step_already_completed", "step");
        await provider.PostJson($"/v1/devices/{who.DeviceId}/loss-report/filing", new { }).Problem(409, "location_steps_incomplete");
        var done = await provider.PostJson($"/v1/devices/{who.DeviceId}/loss-report/location-steps", new { step = 7, outcome = "no new address obtained" }).Ok();
        Assert.True((bool)done["location_checklist_complete"]!);
        Assert.Equal(7, done["location_steps"]!.AsArray().Count);
        await provider.PostJson($"/v1/devices/{who.DeviceId}/loss-report/filing", new { }).Ok();
        await App.ClientFor(who.ApiKey).PostJson($"/v1/devices/{who.DeviceId}/loss-report/location-steps", new { step = 1, outcome = "x" }).Problem(403, "forbidden");
    }

    [SkippableFact]
    public async Task Defective_Retrieved_Examined_Replaced_WithThePostageMovedInOneTransaction()
    {
        var who = await App.NewLicensee("Defective Device Mailer");
        var licensee = App.ClientFor(who.ApiKey);
        var provider = App.Provider();
        await licensee.Print(who.DeviceId).Ok(HttpStatusCode.Created);
        var total = await Money(who.LicenseeId);
        var balance = await Balance(who.LicenseeId);

        // P050 2.7: reported by the licensee, blocked at once, retrieval due in 3 business days.
        var report = await licensee.PostJson($"/v1/devices/{who.DeviceId}/defect-report", new { details = "the registers stop moving after each print" }).Ok(HttpStatusCode.Created);
        Assert.Equal("defective", (string)report["device_status"]!);
        var due = BusinessCalendar.Federal.AddBusinessDays(DateOnly.FromDateTime(DateTime.UtcNow), 3).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Assert.Equal(due, (string)report["retrieval_due_on"]!);
        await BadInputTests.AssertProblem(await licensee.Print(who.DeviceId), 403, "device_not_in_service", null, "print while defective");
        await licensee.PostJson($"/v1/devices/{who.DeviceId}/defect-report", new { details = "again" }).Problem(409, "device_already_reported_defective");

        // Order: retrieval, examination, replacement; each out of order is refused and changes nothing.
        var spare = await InventoryDevice();
        await provider.PostJson($"/v1/devices/{who.DeviceId}/examination", new { findings = "x" }).Problem(409, "device_not_retrieved");
        await provider.PostJson($"/v1/devices/{who.DeviceId}/replacement", new { replacement_device_id = spare }).Problem(409, "defect_not_examined");
        await provider.PostJson($"/v1/devices/{who.DeviceId}/retrieval", new { carrier = "ups", service = "ground", tracking_number = "1Z999" }).Problem(400, "shipment_service_not_authorized", "service");
        var retrieved = await provider.PostJson($"/v1/devices/{who.DeviceId}/retrieval", new { carrier = "usps", service = "registered_mail", tracking_number = "RE123456789US" }).Ok();
        Assert.Equal("RE123456789US", (string)retrieved["shipment"]!["tracking_number"]!);
        Assert.Equal(total, await Money(who.LicenseeId));

        // §502.20(f), (j): the examination report goes to the Postal Service; postage lost is the provider's loss (P050 3.3).
        var examined = await provider.PostJson($"/v1/devices/{who.DeviceId}/examination", new { findings = "display controller fault; registers intact", postage_lost = "1.250" }).Ok();
        Assert.Equal("1.250", examined.Amount("postage_lost"));
        Assert.Equal(1, await Transmissions("defect_examination_report", (string)examined["id"]!));
        var afterAdjustment = Domain.Money.Mills.ParseDollars(balance).Value.Value + 1_250;
        Assert.Equal(Domain.Money.Mills.FromMills(afterAdjustment).ToString(), await Balance(who.LicenseeId));
        Assert.Equal(total, await Money(who.LicenseeId));

        // The replacement is commissioned under the same lease and receives the remaining postage in one transaction.
        var replaced = await provider.PostJson($"/v1/devices/{who.DeviceId}/replacement", new { replacement_device_id = spare }).Ok(HttpStatusCode.Created);
        Assert.Equal(("99.260", "99.260", "replacement"), (replaced.Amount("postage_moved"), replaced["replacement"]!.Amount("descending_register"), (string)replaced["postage_to"]!));
        Assert.Equal("withdrawn", (string)replaced["incident"]!["device_status"]!);
        Assert.Equal("99.260", replaced["activity_report"]!.Amount("validated_refund"));
        var old = await provider.Device(who.DeviceId);
        Assert.Equal(("withdrawn", "99.260"), ((string)old["status"]!, old.Amount("descending_register"))); // final registers kept as the record
        Assert.Equal(Domain.Money.Mills.FromMills(afterAdjustment).ToString(), await Balance(who.LicenseeId));
        Assert.Equal(total, await Money(who.LicenseeId));
        Assert.Empty(await App.WithDb(db => db.Devices.Where(d => d.Id == who.DeviceId).Select(d => d.KeyHandle).SingleAsync()));

        // The replacement prints, passes an audit (its records add up) and resets from the deposit account.
        await licensee.Print(spare).Ok(HttpStatusCode.Created);
        await provider.PostRaw($"/v1/devices/{spare}/audits", "").Ok(HttpStatusCode.Created);
        Assert.Equal(total, await Money(who.LicenseeId));
        var history = await History(who.DeviceId);
        Assert.Equal(["reported_defective", "retrieved", "examined"], history.Skip(history.Length - 5).Take(3).ToArray());
        Assert.Equal(["checked_out", "replaced"], history.TakeLast(2).Order(StringComparer.Ordinal).ToArray());
    }

    [SkippableFact]
    public async Task CustodyShipments_OutAndBack_AreRecordedWithAnAuthorizedService_AndInTheHistory()
    {
        var who = await App.NewLicensee("Shipping Mailer");
        var provider = App.Provider();
        var url = $"/v1/devices/{who.DeviceId}/shipments";

        // Bad input names its rule and field and records nothing.
        await provider.PostJson(url, new { direction = "sideways", carrier = "usps", service = "registered_mail", tracking_number = "RE1US" }).Problem(400, "shipment_direction_invalid", "direction");
        await provider.PostJson(url, new { direction = "to_licensee", carrier = "usps", service = "registered_mail" }).Problem(400, "report_incomplete", "tracking_number");
        await provider.PostJson(url, new { direction = "to_licensee", carrier = "fedex", service = "overnight", tracking_number = "7712" }).Problem(400, "shipment_service_not_authorized", "service");
        await provider.PostJson(url, new { direction = "to_licensee", carrier = "usps", service = "first_class", tracking_number = "9400" }).Problem(400, "shipment_service_not_authorized", "service");
        await App.ClientFor(who.ApiKey).PostJson(url, new { direction = "to_provider", carrier = "usps", service = "registered_mail", tracking_number = "RE2US" }).Problem(403, "forbidden");
        var other = await App.NewLicensee("Other Shipping Mailer");
        await App.ClientFor(other.ApiKey).GetAsync(url).Problem(404, "device_not_found");
        Assert.Empty((await provider.GetAsync(url).Ok())["data"]!.AsArray());

        // P050 2.5a, 2.9: out by Registered Mail; another carrier with the Postal Service's written permission on record.
        var outbound = await provider.PostJson(url, new { direction = "to_licensee", carrier = "usps", service = "registered_mail", tracking_number = "RE100200300US" }).Ok(HttpStatusCode.Created);
        Assert.Equal(("to_licensee", "usps", "registered_mail", "RE100200300US"), ((string)outbound["direction"]!, (string)outbound["carrier"]!, (string)outbound["service"]!, (string)outbound["tracking_number"]!));
        var permitted = await provider.PostJson(url, new { direction = "to_provider", carrier = "fedex", service = "priority_overnight", tracking_number = "7712 3456", written_permission = "USPS MTM letter 2026-114" }).Ok(HttpStatusCode.Created);
        Assert.Equal("USPS MTM letter 2026-114", (string)permitted["written_permission"]!);
        var list = (await provider.GetAsync(url).Ok())["data"]!.AsArray();
        Assert.Equal([(string)permitted["id"]!, (string)outbound["id"]!], list.Select(x => (string)x!["id"]!).ToArray());
        Assert.Equal(2, (await App.ClientFor(who.ApiKey).GetAsync(url).Ok())["data"]!.AsArray().Count); // the licensee sees its device's journeys
        Assert.Equal(2, (await App.Postal().GetAsync(url).Ok())["data"]!.AsArray().Count);
        var history = await History(who.DeviceId);
        Assert.Contains("shipped_to_licensee", history);
        Assert.Contains("shipped_to_provider", history);

        // A lost device is in nobody's hands: it is not shipped; a defective one's retrieval is a return shipment.
        await App.ClientFor(who.ApiKey).PostJson($"/v1/devices/{who.DeviceId}/defect-report", new { details = "display dead" }).Ok(HttpStatusCode.Created);
        await provider.PostJson(url, new { direction = "to_licensee", carrier = "usps", service = "registered_mail", tracking_number = "RE9US" }).Problem(409, "device_not_shippable");
        await provider.PostJson($"/v1/devices/{who.DeviceId}/retrieval", new { carrier = "usps", service = "priority_mail_return_receipt", tracking_number = "9470 1000" }).Ok();
        var retrieval = (await provider.GetAsync(url).Ok())["data"]![0]!;
        Assert.Equal(("to_provider", "priority_mail_return_receipt", "9470 1000"), ((string)retrieval["direction"]!, (string)retrieval["service"]!, (string)retrieval["tracking_number"]!));
        Assert.NotNull((string?)retrieval["incident_id"]);
        await App.ClientFor(other.ApiKey).PostJson($"/v1/devices/{other.DeviceId}/loss-report", new { kind = "stolen", occurred_on = Yesterday, place = "x", details = "y" }).Ok(HttpStatusCode.Created);
        await provider.PostJson($"/v1/devices/{other.DeviceId}/shipments", new { direction = "to_provider", carrier = "usps", service = "registered_mail", tracking_number = "RE8US" }).Problem(409, "device_not_shippable");
    }

    [SkippableFact]
    public async Task AStaleAuditMessage_IsRefused_AndLocksNothing()
    {
        var who = await App.NewLicensee("Stale Audit Mailer");
        var provider = App.Provider();
        var challenge = await provider.PostRaw($"/v1/devices/{who.DeviceId}/audit-challenges", "").Ok(HttpStatusCode.Created);
        var message = await provider.PostJson($"/v1/devices/{who.DeviceId}/audit-message?nonce={(string)challenge["nonce"]!}", new { }).Ok();
        await App.ClientFor(who.ApiKey).Print(who.DeviceId).Ok(HttpStatusCode.Created); // the device moves past the message
        await provider.PostJson($"/v1/devices/{who.DeviceId}/audits", new { message = (string)message["message"]!, signature = (string)message["signature"]! }).Problem(400, "audit_message_stale", "message");
        var device = await provider.Device(who.DeviceId);
        Assert.Equal("in_service", (string)device["status"]!);
        Assert.DoesNotContain((await provider.GetAsync("/v1/cases").Ok())["data"]!.AsArray(), c => (string)c!["device_id"]! == who.DeviceId);
    }

    [SkippableFact]
    public async Task ALockedDevice_ReturnsToService_OnlyAfterACleanAudit_AndCanBeCheckedOut()
    {
        var who = await App.NewLicensee("Locked Device Mailer");
        var provider = App.Provider();
        var total = await Money(who.LicenseeId);
        await using (var scope = App.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<Server.Psd.DeviceLockout>().Lock(who.DeviceId, "audit_failed", "seen by the test", null, default);
        await provider.PostJson($"/v1/devices/{who.DeviceId}/return-to-service", new { finding = "false alarm" }).Problem(409, "clean_audit_required");
        await App.ClientFor(who.ApiKey).PostJson($"/v1/devices/{who.DeviceId}/return-to-service", new { finding = "mine" }).Problem(403, "forbidden");
        await provider.PostRaw($"/v1/devices/{who.DeviceId}/audits", "").Ok(HttpStatusCode.Created);
        var back = await provider.PostJson($"/v1/devices/{who.DeviceId}/return-to-service", new { finding = "clock skew at the provider; audit clean" }).Ok();
        Assert.Equal(("in_service", null), ((string)back["status"]!, (string?)back["lock_reason"]));
        Assert.DoesNotContain((await provider.GetAsync("/v1/cases").Ok())["data"]!.AsArray(), c => (string)c!["device_id"]! == who.DeviceId);
        await App.ClientFor(who.ApiKey).Print(who.DeviceId).Ok(HttpStatusCode.Created);

        // Locked again, it is still checked out, its DR credited to the deposit account.
        await using (var scope = App.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<Server.Psd.DeviceLockout>().Lock(who.DeviceId, "audit_failed", "again", null, default);
        var balance = Domain.Money.Mills.ParseDollars(await Balance(who.LicenseeId)).Value.Value;
        var report = await provider.PostJson($"/v1/devices/{who.DeviceId}/check-out", new { reason = "lease ended" }).Ok(HttpStatusCode.Created);
        Assert.Equal("99.260", report.Amount("validated_refund"));
        Assert.Equal(total, await Money(who.LicenseeId));
        await App.RefundCoordinator().PostAsync($"/v1/refunds/{(string)report["refund_id"]!}/approval", null).Ok();
        Assert.Equal(Domain.Money.Mills.FromMills(balance + 99_260).ToString(), await Balance(who.LicenseeId));
        Assert.Equal(total, await Money(who.LicenseeId));
        Assert.Equal(["locked", "returned_to_service", "locked", "checked_out"], (await History(who.DeviceId)).TakeLast(4).ToArray());
    }

    [SkippableFact]
    public async Task AnInspector_WithdrawsASuspectDevice_AndFraudKeepsItsPostage()
    {
        var who = await App.NewLicensee("Suspect Mailer");
        // The sandbox Postal Service's administrator invites an inspector, who joins and makes an API key.
        var postalLogin = App.Sandbox.Logins.First(l => l.Role == "postal");
        var admin = App.CreateClient();
        await admin.PostJson("/v1/sessions", new { email = postalLogin.Email, password = postalLogin.Password }).Ok();
        var invite = await admin.PostJson("/v1/invitations", new { email = $"{Guid.NewGuid():N}@inspection.example", role = "inspector" }).Ok(HttpStatusCode.Created);
        var (_, inspector, _) = await Organisations.NewUser.Join(App, (string)invite["code"]!);
        var total = await Money(who.LicenseeId);
        await App.Provider().PostJson($"/v1/devices/{who.DeviceId}/suspect-withdrawal", new { reason = "x" }).Problem(403, "forbidden");
        var examined = await inspector.PostJson($"/v1/devices/{who.DeviceId}/on-site-examinations", new { findings = "seal intact; printing log shows gaps" }).Ok(HttpStatusCode.Created);
        Assert.Equal(("examined_on_site", "in_service"), ((string)examined["kind"]!, (string)examined["to_status"]!));
        await App.ClientFor(who.ApiKey).PostJson($"/v1/devices/{who.DeviceId}/on-site-examinations", new { findings = "x" }).Problem(403, "forbidden");
        await inspector.PostJson($"/v1/devices/{who.DeviceId}/suspect-withdrawal", new { fraud_suspected = true }).Problem(400, "report_incomplete", "reason");
        var withdrawn = await inspector.PostJson($"/v1/devices/{who.DeviceId}/suspect-withdrawal", new { reason = "duplicate piece numbers on mail", fraud_suspected = true }).Ok(HttpStatusCode.Created);
        Assert.Equal(("suspended", true), ((string)withdrawn["device_status"]!, (bool)withdrawn["fraud_suspected"]!));
        Assert.Equal(1, await Transmissions("suspect_device_receipt", (string)withdrawn["id"]!));

        // P050 2.6, §502.10: the licensee's receipt, the provider's copy and the inspector's, as JSON and PDF; nobody else's.
        var receiptUrl = $"/v1/suspect-withdrawal-receipts/{(string)withdrawn["id"]!}";
        var mine = await App.ClientFor(who.ApiKey).GetAsync(receiptUrl).Ok();
        Assert.Equal(("Licensee's receipt", "100.000", "0.000", 0L, true), ((string)mine["copy"]!, mine.Amount("descending_register"), mine.Amount("ascending_register"), (long)mine["piece_count"]!, (bool)mine["fraud_suspected"]!));
        Assert.Equal("duplicate piece numbers on mail", (string)mine["reason"]!);
        Assert.Equal("Provider's copy", (string)(await App.Provider().GetAsync(receiptUrl).Ok())["copy"]!);
        Assert.Equal("Inspection Service copy", (string)(await inspector.GetAsync(receiptUrl).Ok())["copy"]!);
        var stranger = await App.NewLicensee("Stranger Mailer");
        await App.ClientFor(stranger.ApiKey).GetAsync(receiptUrl).Problem(404, "suspect_withdrawal_receipt_not_found");
        await App.ClientFor(stranger.ApiKey).GetAsync(receiptUrl + ".pdf").Problem(404, "suspect_withdrawal_receipt_not_found");
        await App.ClientFor(who.ApiKey).GetAsync($"/v1/suspect-withdrawal-receipts/inc_aaaaaaaaaaaaaaaaaaaaaaaa").Problem(404, "suspect_withdrawal_receipt_not_found");
        foreach (var (client, copy) in new[] { (App.ClientFor(who.ApiKey), "Licensee's receipt"), (App.Provider(), "Provider's copy") })
        {
            var pdf = await client.GetAsync(receiptUrl + ".pdf");
            Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
            using var document = UglyToad.PdfPig.PdfDocument.Open(await pdf.Content.ReadAsByteArrayAsync());
            var text = string.Join(" ", document.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))));
            foreach (var expected in new[] { copy.Split('\'')[0], (string)mine["device_number"]!, "Suspect Mailer", "$100.000", "duplicate", "Fraud", "yes" })
                Assert.Contains(expected, text);
        }
        await BadInputTests.AssertProblem(await App.ClientFor(who.ApiKey).Print(who.DeviceId), 403, "device_not_in_service", null, "print while suspended");
        var replaced = await App.Provider().PostJson($"/v1/devices/{who.DeviceId}/replacement", new { replacement_device_id = await InventoryDevice() }).Ok(HttpStatusCode.Created);
        Assert.Equal(("0.000", null), (replaced.Amount("postage_moved"), (string?)replaced["postage_to"]));
        Assert.Equal("suspended", (string)replaced["incident"]!["device_status"]!);
        Assert.Equal(total, await Money(who.LicenseeId));
    }

    [SkippableFact]
    public async Task DevicesDueForReplacement_AreListedWithTheirCertificatesEnd()
    {
        var who = await App.NewLicensee("Ageing Device Mailer");
        var soon = await App.Provider().GetAsync("/v1/device-replacements-due?within_days=30").Ok();
        Assert.DoesNotContain(soon["data"]!.AsArray(), d => (string)d!["device_id"]! == who.DeviceId);
        var all = await App.Provider().GetAsync("/v1/device-replacements-due?within_days=1098").Ok();
        var mine = all["data"]!.AsArray().Single(d => (string)d!["device_id"]! == who.DeviceId)!;
        var ends = DateTimeOffset.Parse((string)mine["certificate_not_after"]!, CultureInfo.InvariantCulture);
        Assert.InRange(ends, DateTimeOffset.UtcNow.AddDays(3 * 365 - 2), DateTimeOffset.UtcNow.AddDays(3 * 365 + 1));
        Assert.Equal(("certificate", "100.000"), ((string)mine["due_reason"]!, mine.Amount("descending_register")));
        var clock = DateTimeOffset.Parse((string)mine["clock_life_ends_at"]!, CultureInfo.InvariantCulture);
        Assert.InRange(clock, DateTimeOffset.UtcNow.AddMonths(60).AddDays(-2), DateTimeOffset.UtcNow.AddMonths(60).AddDays(1));
        var dates = all["data"]!.AsArray().Select(d => DateTimeOffset.Parse((string)d!["due_at"]!, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(dates.Order().ToList(), dates);
        await App.ClientFor(who.ApiKey).GetAsync("/v1/device-replacements-due").Problem(403, "forbidden");
        await App.Provider().GetAsync("/v1/device-replacements-due?within_days=5000").Problem(400, "within_days_invalid", "within_days");
    }

    /// <summary>
    /// §502.22(a): a device in service whose clock/timer life (or certificate) ends within 90 days is replaced
    /// through the commissioning service: the replacement is commissioned under the same lease, the old device's
    /// postage moves to it in one ledger transaction, the old device is checked out (Form 3601-C, certificate
    /// revoked, key destroyed after the commit), and both histories say so. A device not due is refused, as is a
    /// replacement that is not an inspected inventory device; nothing changes.
    /// </summary>
    [SkippableFact]
    public async Task ADeviceDueForReplacement_IsReplacedBeforeExpiry_WithItsPostageMovedInOneTransaction()
    {
        var who = await App.NewLicensee("Ageing Clock Mailer");
        var licensee = App.ClientFor(who.ApiKey);
        var provider = App.Provider();
        await licensee.Print(who.DeviceId).Ok(HttpStatusCode.Created);
        var total = await Money(who.LicenseeId);
        var balance = await Balance(who.LicenseeId);
        var url = $"/v1/devices/{who.DeviceId}/replacement";

        // Not due (certificate 3 years away, clock/timer life 5): refused with the §502.22(a) rule; nothing changes.
        var spare = await InventoryDevice();
        var before = await licensee.Snapshot(who.DeviceId);
        var refused = await provider.PostJson(url, new { replacement_device_id = spare }).Problem(409, "device_not_due_for_replacement");
        Assert.Contains("502.22(a)", (string)refused["detail"]!);
        Assert.Equal(before, await licensee.Snapshot(who.DeviceId));
        Assert.Equal("inventory", (string)(await provider.Device(spare))["status"]!);

        // The device's clock/timer life ends in 30 days: it is listed as due, with the postage it holds.
        await App.WithDb(async db =>
        {
            var d = await db.Devices.SingleAsync(x => x.Id == who.DeviceId);
            d.CommissionedAt = DateTimeOffset.UtcNow.AddMonths(-Domain.Psd.ReplacementDue.ClockLifeMonths).AddDays(30);
            return await db.SaveChangesAsync();
        });
        var due = (await provider.GetAsync("/v1/device-replacements-due").Ok())["data"]!.AsArray().Single(d => (string)d!["device_id"]! == who.DeviceId)!;
        Assert.Equal(("clock", "99.260"), ((string)due["due_reason"]!, due.Amount("descending_register")));

        // Bad replacements: not in inventory (another licensee's device in service), not inspected, unknown; nothing changes.
        var other = await App.NewLicensee("Bystander Mailer");
        await provider.PostJson(url, new { replacement_device_id = other.DeviceId }).Problem(409, "device_not_in_inventory");
        var uninspected = (string)(await provider.PostJson("/v1/devices", new { }).Ok(HttpStatusCode.Created))["id"]!;
        await provider.PostJson(url, new { replacement_device_id = uninspected }).Problem(409, "device_not_inspected");
        await provider.PostJson(url, new { replacement_device_id = "psd_aaaaaaaaaaaaaaaaaaaaaaaa" }).Problem(404, "device_not_found");
        await provider.PostJson(url, new { }).Problem(400, "replacement_device_required", "replacement_device_id");
        await licensee.PostJson(url, new { replacement_device_id = spare }).Problem(403, "forbidden");
        await App.ClientFor(other.ApiKey).PostJson(url, new { replacement_device_id = spare }).Problem(403, "forbidden");
        Assert.Equal(before, await licensee.Snapshot(who.DeviceId));
        Assert.Equal(total, await Money(who.LicenseeId));

        var replaced = await provider.PostJson(url, new { replacement_device_id = spare }).Ok(HttpStatusCode.Created);
        Assert.Equal(("due", "withdrawn", "99.260", "99.260", "replacement"), ((string)replaced["reason"]!, (string)replaced["device_status"]!,
            replaced.Amount("postage_moved"), replaced["replacement"]!.Amount("descending_register"), (string)replaced["postage_to"]!));
        Assert.Null(replaced["incident"]);
        Assert.Equal("in_service", (string)replaced["replacement"]!["status"]!);
        var leases = await App.WithDb(db => db.Devices.Where(d => d.Id == spare || d.Id == who.DeviceId).Select(d => d.LicenseeId + "/" + d.LeaseId).Distinct().ToListAsync());
        Assert.Equal(who.LicenseeId, Assert.Single(leases).Split('/')[0]); // the same licensee, under the same lease
        Assert.Equal("99.260", replaced["activity_report"]!.Amount("validated_refund"));
        Assert.Contains("502.22(a)", (string)replaced["activity_report"]!["reason"]!);
        Assert.NotNull((string?)replaced["activity_report"]!["ledger_transaction_id"]); // one ledger transaction: device book to device book
        Assert.Equal(balance, await Balance(who.LicenseeId));
        Assert.Equal(total, await Money(who.LicenseeId));

        // The old device: checked out, certificate revoked, key destroyed after the commit; no longer due.
        Assert.True(await App.WithDb(db => db.Certificates.Where(c => c.DeviceId == who.DeviceId).AllAsync(c => c.Revoked)));
        var destroyed = await App.WithDb(db => db.KeyDestructions.AsNoTracking().SingleAsync(k => k.DeviceId == who.DeviceId));
        Assert.NotNull(destroyed.DestroyedAt);
        Assert.DoesNotContain((await provider.GetAsync("/v1/device-replacements-due").Ok())["data"]!.AsArray(), d => (string)d!["device_id"]! == who.DeviceId);
        await provider.PostJson(url, new { replacement_device_id = await InventoryDevice() }).Problem(409, "device_not_replaceable");
        Assert.Equal(["checked_out", "replaced"], (await History(who.DeviceId)).TakeLast(2).Order(StringComparer.Ordinal).ToArray());
        var spareHistory = await History(spare);
        Assert.Contains("commissioned", spareHistory);
        Assert.Contains("replacement_for", spareHistory);

        // The replacement prints and passes an audit: its records add up; the money is still exact.
        await licensee.Print(spare).Ok(HttpStatusCode.Created);
        await provider.PostRaw($"/v1/devices/{spare}/audits", "").Ok(HttpStatusCode.Created);
        Assert.Equal(total, await Money(who.LicenseeId));
    }

    /// <summary>
    /// §502.20(e), §502.27(b): a tampered device is checked out with its refund withheld (registers not validated);
    /// an examination by the inspector validates an amount — at most what the last verified registers allow
    /// (the last signed reset's control total less the postage printed), never the tampered row's figure — and it
    /// is credited through the refunds process (device_balance, certified, approved by the refund coordinator),
    /// once only; Form 3601-C section F records it. The money is exact: the deposit gains exactly what the
    /// device's book gives, and the book keeps exactly the postage printed.
    /// </summary>
    [SkippableFact]
    public async Task AWithheldRefund_IsCreditedAfterExamination_OnceAndNoMoreThanTheVerifiedRegisters()
    {
        var who = await App.NewLicensee("Examined Tamper Mailer");
        var provider = App.Provider();
        await App.ClientFor(who.ApiKey).Print(who.DeviceId).Ok(HttpStatusCode.Created);
        var url = $"/v1/devices/{who.DeviceId}/withheld-refund";
        var postalLogin = App.Sandbox.Logins.First(l => l.Role == "postal");
        var admin = App.CreateClient();
        await admin.PostJson("/v1/sessions", new { email = postalLogin.Email, password = postalLogin.Password }).Ok();
        var invite = await admin.PostJson("/v1/invitations", new { email = $"{Guid.NewGuid():N}@inspection.example", role = "inspector" }).Ok(HttpStatusCode.Created);
        var (_, inspector, _) = await Organisations.NewUser.Join(App, (string)invite["code"]!);

        // Nothing withheld on a device in service.
        await inspector.PostJson(url, new { validated_amount = "1.000", findings = "x" }).Problem(409, "refund_not_withheld");

        // Σ deposit + device book: what the licensee owns in postage and funds; only the ledger moves it.
        Task<(long Deposit, long Book)> Books() => App.WithDb(async db =>
        {
            var account = await db.DepositAccounts.AsNoTracking().SingleAsync(a => a.LicenseeId == who.LicenseeId);
            var book = await db.Ledger.AsNoTracking().Where(l => l.Book == "psd:" + who.DeviceId).SumAsync(l => l.AmountMills);
            return (account.BalanceMills, book);
        });
        var start = await Books();
        Assert.Equal(100_000, start.Book); // the one reset; the print moved AR, not the book

        Assert.Equal(1, await App.Sql($"UPDATE devices SET \"DescendingMills\" = \"DescendingMills\" + 100000, \"ControlTotalMills\" = \"ControlTotalMills\" + 100000 WHERE \"Id\" = {who.DeviceId}"));
        var checkedOut = await provider.PostJson($"/v1/devices/{who.DeviceId}/check-out", new { reason = "registers tampered; device seized" }).Ok(HttpStatusCode.Created);
        Assert.Equal(("199.260", "0.000", false), (checkedOut.Amount("descending_register"), checkedOut.Amount("validated_refund"), (bool)checkedOut["registers_validated"]!));
        Assert.Equal(start, await Books());

        // Bad input names its rule and changes nothing: the licensee, no findings, nothing, the tampered figure, a mill too many.
        await App.ClientFor(who.ApiKey).PostJson(url, new { validated_amount = "99.260", findings = "mine" }).Problem(403, "forbidden");
        await inspector.PostJson(url, new { validated_amount = "99.260" }).Problem(400, "report_incomplete", "findings");
        await inspector.PostJson(url, new { findings = "x" }).Problem(400, "validated_amount_required", "validated_amount");
        await inspector.PostJson(url, new { validated_amount = "0", findings = "x" }).Problem(400, "validated_amount_invalid", "validated_amount");
        await inspector.PostJson(url, new { validated_amount = "199.260", findings = "the row says so" }).Problem(400, "validated_amount_exceeds_verified_registers", "validated_amount");
        await inspector.PostJson(url, new { validated_amount = "99.261", findings = "x" }).Problem(400, "validated_amount_exceeds_verified_registers", "validated_amount");
        var stranger = await App.NewLicensee("Stranger Examined Mailer");
        await App.ClientFor(stranger.ApiKey).PostJson(url, new { validated_amount = "1.000", findings = "x" }).Problem(403, "forbidden");
        Assert.Equal(start, await Books());
        Assert.Null((string?)(await provider.GetAsync($"/v1/activity-reports/{(string)checkedOut["id"]!}").Ok())["refund_id"]);

        // The inspector's examination validates the balance the signed records vouch for; section F records it.
        var credited = await inspector.PostJson(url, new { validated_amount = "99.260", findings = "reset and indicium records reconcile to $99.260; the DR field was edited" }).Ok(HttpStatusCode.Created);
        Assert.Equal(("99.260", false), (credited.Amount("validated_refund"), (bool)credited["registers_validated"]!));
        Assert.NotNull((string?)credited["examination_validated_at"]);
        Assert.Contains("reconcile", (string)credited["examination_findings"]!);
        var refundId = (string)credited["refund_id"]!;
        var refund = await provider.GetAsync($"/v1/refunds/{refundId}").Ok();
        Assert.Equal(("device_balance", "certified", "99.260"), ((string)refund["kind"]!, (string)refund["status"]!, (string)refund["qualifying"]!["amount"]!));
        Assert.Equal(start, await Books()); // certified, not yet credited
        await provider.PostJson(url, new { validated_amount = "1.000", findings = "again" }).Problem(409, "withheld_refund_already_credited");

        // The refund coordinator approves: the deposit gains exactly 99.260 from the device's book, which keeps the postage printed.
        Assert.Equal("paid", (string)(await App.RefundCoordinator().PostAsync($"/v1/refunds/{refundId}/approval", null).Ok())["status"]!);
        var end = await Books();
        Assert.Equal((start.Deposit + 99_260, 740L), end);
        Assert.Equal(start.Deposit + start.Book, end.Deposit + end.Book);
        await provider.PostJson(url, new { validated_amount = "1.000", findings = "again" }).Problem(409, "withheld_refund_already_credited");
        Assert.Equal(end, await Books());

        var pdf = await provider.GetAsync((string)credited["pdf"]!);
        using var document = UglyToad.PdfPig.PdfDocument.Open(await pdf.Content.ReadAsByteArrayAsync());
        var text = string.Join(" ", document.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))));
        foreach (var expected in new[] { "could not be validated", "Validated by examination", "$99.260", "reconcile" })
            Assert.Contains(expected, text);
        Assert.Contains("withheld_refund_validated", await History(who.DeviceId));
    }

    [SkippableFact]
    public async Task AKeyDestruction_InterruptedAfterTheCommit_IsFinishedAtTheNextStart()
    {
        var who = await App.NewLicensee("Crash Mailer");
        var handle = await App.WithDb(db => db.Devices.Where(d => d.Id == who.DeviceId).Select(d => d.KeyHandle).SingleAsync());
        // The state a crash between the check-out's commit and the key store's destruction leaves behind.
        await App.WithDb(async db =>
        {
            var d = await db.Devices.SingleAsync(x => x.Id == who.DeviceId);
            db.KeyDestructions.Add(new Data.Entities.KeyDestructionRow { DeviceId = d.Id, KeyHandle = handle, CreatedAt = DateTimeOffset.UtcNow });
            return await db.SaveChangesAsync();
        });
        using var restarted = new IbisApp(App);
        _ = restarted.Server; // start: the hosted services run
        var row = await restarted.WithDb(db => db.KeyDestructions.AsNoTracking().SingleAsync(k => k.DeviceId == who.DeviceId));
        Assert.NotNull(row.DestroyedAt);
        Assert.Empty(row.KeyHandle);
        var keys = restarted.Services.GetRequiredService<Security.Keys.IKeyStore>();
        Assert.Equal("key_destroyed", Assert.Throws<Security.Keys.KeyStoreException>(() => keys.Sign(handle, [1, 2, 3])).Code);
    }
}

[Collection("sqlite")]
public sealed class SqliteDeviceLifecycleTests(SqliteAppFixture f) : DeviceLifecycleTests(() => f.App), IClassFixture<SqliteAppFixture>;

[Collection("postgres")]
public sealed class PostgresDeviceLifecycleTests(PostgresAppFixture f) : DeviceLifecycleTests(() => f.App), IClassFixture<PostgresAppFixture>;
