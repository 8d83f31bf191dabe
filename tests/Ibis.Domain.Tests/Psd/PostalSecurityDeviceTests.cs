using Ibis.Domain.Calendar;
using Ibis.Domain.Psd;
using Xunit;

namespace Ibis.Domain.Tests.Psd;

/// <summary>Issue 12: every transition of the device's life and the rule each one checks.</summary>
public sealed class PostalSecurityDeviceTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 15, 0, 0, TimeSpan.Zero); // a Monday
    private static readonly DateOnly Today = DateOnly.FromDateTime(Now.UtcDateTime);

    private static PostalSecurityDevice Device(DeviceStatus status = DeviceStatus.InService, DeviceIncident? incident = null) =>
        PostalSecurityDevice.Load("psd_test", status, incident);

    private static MissingDeviceReport Report(string? police = "PD-2026-4411", string? cpip = null, DateOnly? on = null) =>
        new(on ?? Today.AddDays(-1), "Union Station, Washington DC", "left on the train", police, cpip);

    private static string Broken(Action act) => Assert.Throws<BusinessRuleViolationException>(act).Code;

    private static PostalSecurityDevice Lost(string origin = IncidentOrigin.LicenseeReport, string? police = "PD-1", string? cpip = "CPIP J. Smith")
    {
        var d = Device();
        d.ReportMissing(IncidentKind.Lost, origin, Report(police, cpip), "usr_licensee", Now, "inc_1");
        return PostalSecurityDevice.Load(d.Id, d.Status, d.Incident);
    }

    [Fact]
    public void ReportLost_MovesToLost_OpensTheIncident_WithTheReportDue30DaysLater()
    {
        var d = Device();
        d.ReportMissing(IncidentKind.Lost, IncidentOrigin.LicenseeReport, Report(), "usr_licensee", Now, "inc_1");
        Assert.Equal(DeviceStatus.Lost, d.Status);
        var i = d.Incident!;
        Assert.Equal(IncidentKind.Lost, i.Kind);
        Assert.Equal(Today.AddDays(30), i.IncidentReportDueOn);
        Assert.Equal("PD-2026-4411", i.PoliceReportReference);
        Assert.Equal(Now, i.PoliceReportRecordedAt);
        Assert.Null(i.InspectionServiceNotifiedAt);
        Assert.True(i.IsMissing);
        var change = Assert.Single(d.Changes);
        Assert.Equal(("reported_lost", DeviceStatus.InService, DeviceStatus.Lost, "usr_licensee", "PD-2026-4411"), (change.Kind, change.From, change.To, change.Actor, change.Evidence));
    }

    [Fact]
    public void ReportStolen_MovesToStolen()
    {
        var d = Device(DeviceStatus.Locked);
        d.ReportMissing(IncidentKind.Stolen, IncidentOrigin.LicenseeReport, Report(), "usr", Now, "inc_1");
        Assert.Equal(DeviceStatus.Stolen, d.Status);
        Assert.Equal("reported_stolen", d.Changes[0].Kind);
    }

    [Theory]
    [InlineData(DeviceStatus.Lost, "device_already_reported_missing")]
    [InlineData(DeviceStatus.Stolen, "device_already_reported_missing")]
    [InlineData(DeviceStatus.Withdrawn, "device_not_reportable")]
    [InlineData(DeviceStatus.Recovered, "device_not_reportable")]
    [InlineData(DeviceStatus.Suspended, "device_not_reportable")]
    public void ReportMissing_FromTheWrongState_IsRefused_AndChangesNothing(DeviceStatus status, string code)
    {
        var d = Device(status);
        Assert.Equal(code, Broken(() => d.ReportMissing(IncidentKind.Lost, IncidentOrigin.LicenseeReport, Report(), "usr", Now, "inc")));
        Assert.Equal(status, d.Status);
        Assert.Empty(d.Changes);
        Assert.Null(d.Incident);
    }

    [Fact]
    public void ReportMissing_WithoutDatePlaceOrDetails_OrDatedTomorrow_IsBadInput()
    {
        var e = Assert.Throws<BusinessRuleViolationException>(() => Device().ReportMissing(IncidentKind.Lost, IncidentOrigin.LicenseeReport, new(null, "x", "y", null, null), "u", Now, "i"));
        Assert.Equal(("report_incomplete", "occurred_on", RuleKind.BadInput), (e.Code, e.Rule.Field, e.Rule.Kind));
        Assert.Equal("place", Assert.Throws<BusinessRuleViolationException>(() => Device().ReportMissing(IncidentKind.Lost, IncidentOrigin.LicenseeReport, new(Today, " ", "y", null, null), "u", Now, "i")).Rule.Field);
        Assert.Equal("details", Assert.Throws<BusinessRuleViolationException>(() => Device().ReportMissing(IncidentKind.Lost, IncidentOrigin.LicenseeReport, new(Today, "x", null, null, null), "u", Now, "i")).Rule.Field);
        Assert.Equal("date_in_future", Broken(() => Device().ReportMissing(IncidentKind.Lost, IncidentOrigin.LicenseeReport, Report(on: Today.AddDays(1)), "u", Now, "i")));
    }

    [Fact]
    public void Replacement_IsWithheld_UntilPoliceReportAndInspectionServiceNotice_AreRecorded()
    {
        var d = Lost(police: null, cpip: null);
        Assert.Equal("replacement_withheld", Broken(d.CheckReplacementAllowed));
        d.RecordNotifications("PD-77", null, "usr_provider", Now);
        Assert.Contains("Inspection Service", Assert.Throws<BusinessRuleViolationException>(d.CheckReplacementAllowed).Message);
        d.RecordNotifications(null, "CPIP specialist R. Diaz", "usr_provider", Now.AddHours(1));
        d.CheckReplacementAllowed();
        Assert.False(d.PostageMayMove); // a missing device's postage stays with it (§502.24(c))
        d.RecordReplacement("psd_new", "usr_provider", Now.AddHours(2));
        Assert.Equal("psd_new", d.Incident!.ReplacementDeviceId);
        Assert.Equal("device_already_replaced", Broken(() => d.RecordReplacement("psd_other", "u", Now)));
        Assert.Equal(["police_report_recorded", "inspection_service_notified", "replaced"], d.Changes.Select(c => c.Kind));
        Assert.All(d.Changes, c => Assert.Equal(DeviceStatus.Lost, c.To));
    }

    [Fact]
    public void Notifications_NeedAtLeastOneEntry_AndAMissingDevice()
    {
        Assert.Equal("report_incomplete", Broken(() => Lost().RecordNotifications(" ", null, "u", Now)));
        Assert.Equal("device_not_reported_missing", Broken(() => Device().RecordNotifications("PD", "CPIP", "u", Now)));
    }

    [Fact]
    public void LocationChecklist_TracksTheSevenSteps_AndGatesTheIncidentReport_OfADeviceNotLocated()
    {
        var d = Lost(IncidentOrigin.NotLocated, police: null, cpip: null);
        Assert.Equal("location_step_invalid", Broken(() => d.CompleteLocationStep(8, "x", "u", Now)));
        Assert.Equal("location_step_invalid", Broken(() => d.CompleteLocationStep(0, "x", "u", Now)));
        for (var step = 1; step <= 6; step++) d.CompleteLocationStep(step, $"done {step}", "usr_provider", Now.AddHours(step));
        Assert.Equal("location_step_already_completed", Broken(() => d.CompleteLocationStep(3, "again", "u", Now)));
        Assert.Equal("report_incomplete", Broken(() => d.CompleteLocationStep(7, "", "u", Now)));
        Assert.Equal("location_steps_incomplete", Broken(() => d.FileIncidentReport("u", Now)));
        Assert.False(d.Incident!.LocationChecklistComplete);
        d.CompleteLocationStep(7, "no new address was found", "usr_provider", Now.AddDays(1));
        Assert.True(d.Incident!.LocationChecklistComplete);
        d.FileIncidentReport("usr_provider", Now.AddDays(2));
        Assert.Equal(Now.AddDays(2), d.Incident!.IncidentReportFiledAt);
        Assert.Equal("report_already_filed", Broken(() => d.FileIncidentReport("u", Now)));
        Assert.Equal(7, d.Incident.LocationSteps.Count);
    }

    [Fact]
    public void IncidentReport_OfALicenseesReport_NeedsThePoliceReport()
    {
        var d = Lost(police: null);
        Assert.Equal("police_report_required", Broken(() => d.FileIncidentReport("u", Now)));
        d.RecordNotifications("PD-9", null, "u", Now);
        d.FileIncidentReport("u", Now);
    }

    [Fact]
    public void Recovery_OfADeviceNeverLost_IsRefused()
    {
        foreach (var status in new[] { DeviceStatus.InService, DeviceStatus.Defective, DeviceStatus.Recovered, DeviceStatus.Withdrawn })
            Assert.Equal("device_not_reported_missing", Broken(() => Device(status).Recover(Today, "x", "y", "u", Now)));
    }

    [Fact]
    public void Recovery_MovesToRecovered_WithTheRecoveryReportDue30DaysAfter_AndThenCheckOut()
    {
        var d = Lost();
        Assert.Equal("device_missing", Broken(() => d.CheckOut("x", "u", Now)));
        Assert.Equal("report_incomplete", Broken(() => d.Recover(Today, "", "found", "u", Now)));
        Assert.Equal("date_in_future", Broken(() => d.Recover(Today.AddDays(2), "x", "found", "u", Now)));
        d.Recover(Today, "lost and found office", "handed in by a passenger", "usr_provider", Now.AddHours(3));
        Assert.Equal(DeviceStatus.Recovered, d.Status);
        Assert.False(d.Incident!.IsMissing);
        Assert.Equal(Today.AddDays(30), d.Incident.RecoveryReportDueOn);
        d.FileRecoveryReport("usr_provider", Now.AddHours(4));
        Assert.Equal("report_already_filed", Broken(() => d.FileRecoveryReport("u", Now)));
        d.CheckOut("recovered after replacement", "usr_provider", Now.AddHours(5));
        Assert.Equal(DeviceStatus.Withdrawn, d.Status);
        Assert.Equal(Now.AddHours(5), d.Incident!.ClosedAt);
        Assert.Equal(["recovered", "recovery_report_filed", "checked_out"], d.Changes.Select(c => c.Kind));
        Assert.Equal((DeviceStatus.Recovered, DeviceStatus.Withdrawn), (d.Changes[2].From, d.Changes[2].To));
    }

    [Fact]
    public void ReportDefective_BlocksTheDevice_WithRetrievalDueIn3BusinessDays()
    {
        var friday = new DateTimeOffset(2026, 12, 4, 16, 0, 0, TimeSpan.Zero);
        var d = Device();
        d.ReportDefective("registers stopped moving", "usr_licensee", friday, "inc_1", BusinessCalendar.Federal);
        Assert.Equal(DeviceStatus.Defective, d.Status);
        Assert.Equal(new DateOnly(2026, 12, 9), d.Incident!.RetrievalDueOn);
        Assert.Equal("device_already_reported_defective", Broken(() => d.ReportDefective("again", "u", friday, "i", BusinessCalendar.Federal)));
        Assert.Equal("report_incomplete", Broken(() => Device().ReportDefective(" ", "u", friday, "i", BusinessCalendar.Federal)));
        Assert.Equal("device_not_reportable", Broken(() => Device(DeviceStatus.Lost).ReportDefective("x", "u", friday, "i", BusinessCalendar.Federal)));
        Assert.True(new DeviceMustBeInServiceRule(d.Status, null).IsBroken());
    }

    [Fact]
    public void Defective_Retrieved_Examined_Replaced_InThatOrder()
    {
        var d = Device();
        d.ReportDefective("misregisters", "usr_licensee", Now, "inc_1", BusinessCalendar.Federal);
        Assert.Equal("device_not_retrieved", Broken(() => d.RecordExamination("x", 0, "u", Now)));
        Assert.Equal("defect_not_examined", Broken(d.CheckReplacementAllowed));
        Assert.Equal("shipment_service_not_authorized", Broken(() => d.RecordRetrieval(new Shipment("ups", "ground", "1Z999", null), "u", Now)));
        Assert.Equal("report_incomplete", Broken(() => d.RecordRetrieval(new Shipment("usps", Shipment.RegisteredMail, " ", null), "u", Now)));
        d.RecordRetrieval(new Shipment("usps", Shipment.PriorityMailReturnReceipt, "9400 1000 0000 0000 0000 00", null), "usr_provider", Now.AddDays(1));
        Assert.Equal("already_recorded", Broken(() => d.RecordRetrieval(new Shipment("usps", Shipment.RegisteredMail, "RR1", null), "u", Now)));
        Assert.Equal("postage_lost_invalid", Broken(() => d.RecordExamination("x", -1, "u", Now)));
        Assert.Equal("report_incomplete", Broken(() => d.RecordExamination(null, 0, "u", Now)));
        d.RecordExamination("display board fault; registers intact", 1_250, "usr_provider", Now.AddDays(2));
        Assert.Equal(1_250, d.Incident!.PostageLostMills);
        Assert.Equal("already_recorded", Broken(() => d.RecordExamination("again", 0, "u", Now)));
        d.CheckReplacementAllowed();
        Assert.True(d.PostageMayMove);
        d.RecordReplacement("psd_new", "usr_provider", Now.AddDays(2));
        d.CheckOut("replaced after a defect", "usr_provider", Now.AddDays(2));
        Assert.Equal(["reported_defective", "retrieved", "examined", "replaced", "checked_out"], d.Changes.Select(c => c.Kind));
    }

    [Fact]
    public void AnotherCarrier_TravelsOnlyWithWrittenPermission()
    {
        Assert.True(new ShipmentServiceMustBeAuthorizedRule(new Shipment("fedex", "overnight", "77", null)).IsBroken());
        Assert.False(new ShipmentServiceMustBeAuthorizedRule(new Shipment("fedex", "overnight", "77", "MTM letter 2026-14")).IsBroken());
        Assert.False(new ShipmentServiceMustBeAuthorizedRule(new Shipment("USPS", Shipment.RegisteredMail, "RR", null)).IsBroken());
        Assert.True(new ShipmentServiceMustBeAuthorizedRule(new Shipment("usps", "first_class", "RR", null)).IsBroken());
    }

    [Fact]
    public void WithdrawAsSuspect_ByTheInspector_KeepsPostageWhenFraudIsSuspected()
    {
        var d = Device();
        d.WithdrawAsSuspect("indicia with duplicated piece numbers", fraudSuspected: true, "usr_inspector", Now, "inc_1");
        Assert.Equal(DeviceStatus.Suspended, d.Status);
        Assert.False(d.PostageMayMove);
        d.CheckReplacementAllowed();
        Assert.Equal("device_not_reportable", Broken(() => d.WithdrawAsSuspect("again", false, "u", Now, "i")));
        var clean = Device(DeviceStatus.Locked);
        clean.WithdrawAsSuspect("manipulation suspected", fraudSuspected: false, "usr_inspector", Now, "inc_2");
        Assert.True(clean.PostageMayMove);
    }

    [Fact]
    public void AnUnannouncedExamination_IsRecorded_WithoutChangingTheState()
    {
        var d = Device(DeviceStatus.Locked);
        d.RecordUnannouncedExamination("seal intact", "usr_inspector", Now);
        Assert.Equal(DeviceStatus.Locked, d.Status);
        Assert.Equal(("examined_on_site", DeviceStatus.Locked, DeviceStatus.Locked, "seal intact"), (d.Changes[0].Kind, d.Changes[0].From, d.Changes[0].To, d.Changes[0].Reason));
        Assert.Equal("report_incomplete", Broken(() => Device().RecordUnannouncedExamination(" ", "u", Now)));
        Assert.Equal("device_not_reportable", Broken(() => Device(DeviceStatus.Withdrawn).RecordUnannouncedExamination("x", "u", Now)));
    }

    [Fact]
    public void ALockedDevice_ReturnsToService_OnlyAfterACleanAuditSinceTheLock()
    {
        var lockedAt = Now.AddHours(-2);
        var d = Device(DeviceStatus.Locked);
        Assert.Equal("clean_audit_required", Broken(() => d.ReturnToService("false alarm", lockedAt, null, "u", Now)));
        Assert.Equal("clean_audit_required", Broken(() => d.ReturnToService("false alarm", lockedAt, lockedAt.AddMinutes(-1), "u", Now)));
        Assert.Equal("report_incomplete", Broken(() => d.ReturnToService(" ", lockedAt, Now, "u", Now)));
        d.ReturnToService("clock skew at the provider; audit clean", lockedAt, lockedAt.AddHours(1), "usr_provider", Now);
        Assert.Equal(DeviceStatus.InService, d.Status);
        Assert.Equal("device_cannot_return_to_service", Broken(() => Device().ReturnToService("x", lockedAt, Now, "u", Now)));
    }

    [Fact]
    public void ARecoveredDevice_WithAReplacement_IsCheckedOut_NotReturnedToService()
    {
        var d = Lost();
        d.RecordReplacement("psd_new", "u", Now);
        d.Recover(Today, "home", "found under the desk", "u", Now);
        Assert.Equal("device_cannot_return_to_service", Broken(() => d.ReturnToService("ok", Now, Now.AddMinutes(1), "u", Now.AddMinutes(2))));
        var alone = Lost();
        alone.Recover(Today, "home", "found", "u", Now);
        alone.ReturnToService("inspected, audit clean", Now, Now.AddMinutes(1), "u", Now.AddMinutes(2));
        Assert.Equal(DeviceStatus.InService, alone.Status);
    }

    [Theory]
    [InlineData(DeviceStatus.InService)]
    [InlineData(DeviceStatus.Locked)]
    [InlineData(DeviceStatus.Defective)]
    [InlineData(DeviceStatus.Suspended)]
    [InlineData(DeviceStatus.Recovered)]
    public void EveryDeviceInHand_LockedOrNot_CanBeCheckedOut(DeviceStatus status)
    {
        var d = Device(status);
        d.CheckOut(null, "usr_provider", Now);
        Assert.Equal(DeviceStatus.Withdrawn, d.Status);
        Assert.Equal(status, d.Changes.Single().From);
    }

    [Theory]
    [InlineData(DeviceStatus.Withdrawn, "device_withdrawn")]
    [InlineData(DeviceStatus.Lost, "device_missing")]
    [InlineData(DeviceStatus.Stolen, "device_missing")]
    [InlineData(DeviceStatus.Inventory, "device_not_commissioned")]
    public void CheckOut_OfADeviceNotInHand_IsRefused(DeviceStatus status, string code)
    {
        var d = Device(status);
        Assert.Equal(code, Broken(() => d.CheckOut(null, "u", Now)));
        Assert.Empty(d.Changes);
    }

    [Theory]
    [InlineData(DeviceStatus.InService)]
    [InlineData(DeviceStatus.Inventory)]
    [InlineData(DeviceStatus.Withdrawn)]
    public void Replacement_OfADeviceWithoutIncident_IsRefused(DeviceStatus status)
    {
        Assert.Equal("device_not_replaceable", Broken(Device(status).CheckReplacementAllowed));
    }

    [Theory]
    [InlineData(10, 2, 10, 2, false)]
    [InlineData(9, 2, 10, 2, true)]
    [InlineData(10, 1, 10, 2, true)]
    public void AnAuditMessage_OvertakenByAPrintOrReset_IsStale(long msgPieces, long msgResets, long pieces, long resets, bool stale)
    {
        var rule = new AuditMessageMustBeCurrentRule(msgPieces, msgResets, pieces, resets);
        Assert.Equal(stale, rule.IsBroken());
        Assert.Equal((RuleKind.BadInput, "audit_message_stale"), (rule.Kind, rule.Code));
    }

    [Fact]
    public void Load_RefusesAnUnknownStatus()
    {
        Assert.Throws<ArgumentException>(() => PostalSecurityDevice.Load("psd_x", (DeviceStatus)99, null));
    }
}
