using Ibis.Domain;
using Ibis.Domain.Money;
using Ibis.Domain.Psd;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Ibis.Server.Devices;
using Ibis.Server.Psd;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ibis.Server.Pages.Portal.Devices;

/// <summary>
/// One PSD: its registers, watchdog, deposit account, audit and reset histories, and what the
/// caller may do to it. The licensee requests resets; the provider also audits it and checks it
/// out of service (Form 3601-C). Every action goes through the same PSD use cases as the API,
/// with one key per money form shown (<see cref="IdempotentFormFilter"/>) and post/redirect/get, so a
/// reload or a double click never moves money twice. Another licensee's device is not found (404), as
/// in the API. What the page shows is read by <see cref="ShowDevice"/>; a refusal is shown by
/// <see cref="RefusalFilter"/> on the page as the registers now stand.
/// </summary>
internal sealed class DeviceModel(ShowDevice show, ResetDevice resets, AuditDevice audits, WithdrawDevice withdrawals, ApiJson json, TimeProvider clock,
    ReportDeviceMissing missing, ReportDeviceDefective defective, RecoverDevice recovery, ReturnDeviceToService returns,
    ShipDevice shipping, RecordDeviceRetrieval retrieval, RecordDeviceExamination examination, ReplaceDevice replacement,
    RecordLossNotifications notifications, CreditWithheldRefund withheld)
    : PageModel, IRefusalPage
{
    /// <summary>
    /// One key per page shown for its step forms (<see cref="IdempotentFormFilter"/>): a double click, a reload or the
    /// back button lands where the first post did. What is acted on (the route, the row) is part of what is posted.
    /// A form shown again after a refusal keeps the key it posted (binding replaces this new one).
    /// </summary>
    [BindProperty] public string? StepKey { get; set; } = Ibis.Domain.Ids.New("form");

    public DeviceView Device { get; private set; } = null!;

    /// <summary>The device's status as the view shows it (its text), read back as the member the page's conditions test.</summary>
    public DeviceStatus Status => EnumText<DeviceStatus>.Parse(Device.Status);

    public string LicenseeName { get; private set; } = "";

    public bool IsLicensee { get; private set; }

    public bool IsProvider { get; private set; }

    public Mills DepositBalance { get; private set; }

    public Mills Cap { get; private set; }

    /// <summary>How much a reset may add before DR reaches the cap (P050 3.6).</summary>
    public Mills RoomUnderCap { get; private set; }

    public DateTimeOffset Now { get; private set; }

    public IReadOnlyList<AuditView> Audits { get; private set; } = [];

    public IReadOnlyList<ResetView> Resets { get; private set; } = [];

    public ActivityReportView? ActivityReport { get; private set; }

    /// <summary>The device's life (§502.19): every transition with who, when, why and the evidence, newest first.</summary>
    public IReadOnlyList<DeviceEventView> History { get; private set; } = [];

    /// <summary>The open incident (loss, theft, defect, suspect), with its checklist and deadlines.</summary>
    public IncidentView? Incident { get; private set; }

    /// <summary>The newest withdrawal as suspect (P050 2.6), whose receipt the licensee and the provider can download.</summary>
    public string? SuspectReceiptId { get; private set; }

    /// <summary>A device in use can be reported lost, stolen or defective (P050 2.7, 2.8).</summary>
    public bool Reportable => Status is DeviceStatus.InService or DeviceStatus.Locked;

    public bool Missing => Status is DeviceStatus.Lost or DeviceStatus.Stolen;

    [BindProperty]
    public string? MissingKind { get; set; }

    [BindProperty]
    public string? OccurredOn { get; set; }

    [BindProperty]
    public string? Place { get; set; }

    [BindProperty]
    public string? Details { get; set; }

    [BindProperty]
    public string? PoliceReport { get; set; }

    [BindProperty]
    public string? Finding { get; set; }

    /// <summary>The device's journeys between provider and licensee (P050 2.9), newest first.</summary>
    public IReadOnlyList<DeviceShipmentView> Shipments { get; private set; } = [];

    /// <summary>A defective or suspect device the provider still has to retrieve, examine or replace (§502.20(f), (j)).</summary>
    public bool AwaitsProvider => Status is DeviceStatus.Defective or DeviceStatus.Suspended;

    [BindProperty]
    public string? ShipDirection { get; set; }

    [BindProperty]
    public string? Carrier { get; set; }

    [BindProperty]
    public string? Service { get; set; }

    [BindProperty]
    public string? TrackingNumber { get; set; }

    [BindProperty]
    public string? WrittenPermission { get; set; }

    [BindProperty]
    public string? PostageLost { get; set; }

    [BindProperty]
    public string? ReplacementDeviceId { get; set; }

    [BindProperty]
    public string? InspectionServiceContact { get; set; }

    [BindProperty]
    public string? ValidatedAmount { get; set; }

    /// <summary>For the provider: when the device's certificate and clock/timer life end (§502.22(a)).</summary>
    public ReplacementDue? Due { get; private set; }

    /// <summary>An in-service device whose certificate or clock/timer life ends within 90 days: the provider replaces it (§502.22(a)).</summary>
    public bool DueForReplacement => IsProvider && InService && Incident is null && Due is { } due && due.IsDueBy(ReplacementDue.HorizonFrom(Now));

    /// <summary>A refund withheld at check-out (registers not validated) that no examination has validated yet (§502.27(b)).</summary>
    public bool RefundWithheld => ActivityReport is { RegistersValidated: false, ExaminationValidatedAt: null };

    /// <summary>What the last action did, shown once after its redirect.</summary>
    public string? Notice { get; private set; }

    public bool InService => Status == DeviceStatus.InService;

    public bool Withdrawn => Status == DeviceStatus.Withdrawn;

    [BindProperty]
    public string? ResetAmount { get; set; }

    /// <summary>One key per reset form shown: the idempotency key of the reset it submits.</summary>
    [BindProperty]
    public string? ResetKey { get; set; }

    [BindProperty]
    public string? AuditKey { get; set; }

    [BindProperty]
    public string? WithdrawReason { get; set; }

    [BindProperty]
    public bool WithdrawConfirmed { get; set; }

    [BindProperty]
    public string? WithdrawKey { get; set; }

    public async Task<IActionResult> OnGetAsync(string id, string? reset, string? audited, bool withdrawn, bool reported, string? replaced, bool credited, CancellationToken ct)
    {
        var shown = await Load(id, ct);
        if (reset is not null && Resets.FirstOrDefault(r => r.Id == reset) is { } r)
            Notice = $"Reset {r.Sequence} accepted: {Dollars(r.Amount)} added to the descending register, paid from the deposit account.";
        else if (audited is not null && Audits.FirstOrDefault(a => a.Id == audited) is { } a)
            Notice = $"Device audit {a.Result}. The watchdog now runs to {PortalFormat.Time(Device.WatchdogDeadline)}.";
        else if (reported)
            Notice = $"Recorded. The device is now {PortalFormat.Words(Device.Status)}.";
        else if (replaced is not null)
            Notice = $"Device {Device.DeviceNumber} is in service, commissioned under the same lease to replace {replaced}.";
        else if (credited && ActivityReport is { } credit)
            Notice = $"The examination validated {Dollars(credit.ValidatedRefund)}; refund {credit.RefundId} is certified and sent to the district MATS coordinator, whose approval credits the deposit account.";
        else if (withdrawn && Withdrawn)
            Notice = "The device is checked out of service and its signing key is destroyed. The activity report (Form 3601-C) is below.";
        return shown;
    }

    /// <summary>A reset (P050 3.5): the licensee requests it, the provider may do it as well.</summary>
    [IdempotentForm(nameof(ResetKey))]
    public Task<IActionResult> OnPostResetAsync(string id, CancellationToken ct) => Attempt(id, async () =>
    {
        var parsed = Mills.ParseDollars(ResetAmount?.Trim().TrimStart('$'));
        if (!parsed.Success)
        {
            ModelState.AddModelError(nameof(ResetAmount), $"{parsed.ErrorMessage} ({parsed.ErrorCode})");
            return null;
        }
        // The device keeps the form's key beside the reset: a resend after a lost answer is given the same reset.
        var done = (await resets.Handle(Caller.From(User), id, parsed.Value, IdempotentFormFilter.RequestOf(HttpContext), ct)).Value;
        return RedirectToPage(new { id, reset = done.Id });
    }, ct);

    /// <summary>An on-demand device audit (§502.23), run end to end by Ibis for the provider.</summary>
    [IdempotentForm(nameof(AuditKey))]
    public Task<IActionResult> OnPostAuditAsync(string id, CancellationToken ct) => Attempt(id, async () =>
    {
        var done = (await audits.Handle(Caller.From(User), id, null, null, IdempotentFormFilter.RequestOf(HttpContext), ct)).Value;
        return RedirectToPage(new { id, audited = done.Id });
    }, ct);

    /// <summary>Checking the device out of service (§502.20(e), §502.27(b)); it cannot be undone, hence the confirmation.</summary>
    [IdempotentForm(nameof(WithdrawKey))]
    public Task<IActionResult> OnPostWithdrawAsync(string id, CancellationToken ct) => Attempt(id, async () =>
    {
        var reason = WithdrawReason?.Trim();
        if (string.IsNullOrEmpty(reason))
            ModelState.AddModelError(nameof(WithdrawReason), "a reason for checking the device out of service is required (reason_required)");
        if (!WithdrawConfirmed)
            ModelState.AddModelError(nameof(WithdrawConfirmed), "tick the box to confirm: a withdrawn device can never print again (confirmation_required)");
        if (!ModelState.IsValid) return null;
        await withdrawals.Handle(Caller.From(User), id, reason!, IdempotentFormFilter.RequestOf(HttpContext), ct);
        return RedirectToPage(new { id, withdrawn = true });
    }, ct);

    /// <summary>P050 2.8, §502.24: the device is reported lost or stolen; it stops printing at once.</summary>
    [IdempotentForm(nameof(StepKey), Replayed = "This form was already sent; nothing was recorded twice.")]
    public Task<IActionResult> OnPostReportMissingAsync(string id, CancellationToken ct) => Attempt(id, async () =>
    {
        await missing.Handle(Caller.From(User), id, new ReportDeviceMissingCommand(MissingKind, OccurredOn, Place, Details, PoliceReport,
            Origin: Caller.From(User).Role == Caller.ProviderRole ? Domain.Psd.IncidentOrigin.LicenseeReport : null), ct);
        return RedirectToPage(new { id, reported = true });
    }, ct);

    /// <summary>P050 2.7: the device misregisters or is defective; it is blocked at once.</summary>
    [IdempotentForm(nameof(StepKey), Replayed = "This form was already sent; nothing was recorded twice.")]
    public Task<IActionResult> OnPostReportDefectiveAsync(string id, CancellationToken ct) => Attempt(id, async () =>
    {
        await defective.Handle(Caller.From(User), id, new ReportDeviceDefectiveCommand(Details), ct);
        return RedirectToPage(new { id, reported = true });
    }, ct);

    /// <summary>§502.24(c), (d): the missing device was found.</summary>
    [IdempotentForm(nameof(StepKey), Replayed = "This form was already sent; nothing was recorded twice.")]
    public Task<IActionResult> OnPostRecoverAsync(string id, CancellationToken ct) => Attempt(id, async () =>
    {
        await recovery.Handle(Caller.From(User), id, new RecoverDeviceCommand(OccurredOn, Place, Details), ct);
        return RedirectToPage(new { id, reported = true });
    }, ct);

    /// <summary>A locked device prints again after a clean audit, with the provider's finding.</summary>
    [IdempotentForm(nameof(StepKey), Replayed = "This form was already sent; nothing was recorded twice.")]
    public Task<IActionResult> OnPostReturnAsync(string id, CancellationToken ct) => Attempt(id, async () =>
    {
        await returns.Handle(Caller.From(User), id, new ReturnDeviceToServiceCommand(Finding), ct);
        return RedirectToPage(new { id, reported = true });
    }, ct);

    /// <summary>P050 2.9, §502.20(l): the provider records a journey out to the licensee or back.</summary>
    [IdempotentForm(nameof(StepKey), Replayed = "This form was already sent; nothing was recorded twice.")]
    public Task<IActionResult> OnPostShipAsync(string id, CancellationToken ct) => Attempt(id, async () =>
    {
        await shipping.Handle(Caller.From(User), id, new ShipDeviceCommand(ShipDirection, Carrier, Service, TrackingNumber, WrittenPermission), ct);
        return RedirectToPage(new { id, reported = true });
    }, ct);

    /// <summary>§502.20(f): the defective device is back with the provider, and how it travelled.</summary>
    [IdempotentForm(nameof(StepKey), Replayed = "This form was already sent; nothing was recorded twice.")]
    public Task<IActionResult> OnPostRetrieveAsync(string id, CancellationToken ct) => Attempt(id, async () =>
    {
        await retrieval.Handle(Caller.From(User), id, new RecordDeviceRetrievalCommand(Carrier, Service, TrackingNumber, WrittenPermission), ct);
        return RedirectToPage(new { id, reported = true });
    }, ct);

    /// <summary>§502.20(f), (j): the examination report; postage lost through the fault is the provider's loss (P050 3.3).</summary>
    [IdempotentForm(nameof(StepKey), Replayed = "This form was already sent; nothing was recorded twice.")]
    public Task<IActionResult> OnPostExamineAsync(string id, CancellationToken ct) => Attempt(id, async () =>
    {
        var lost = string.IsNullOrWhiteSpace(PostageLost) ? null : new MoneyInput(PostageLost.Trim().TrimStart('$'), null);
        await examination.Handle(Caller.From(User), id, new RecordDeviceExaminationCommand(Details, lost), ct);
        return RedirectToPage(new { id, reported = true });
    }, ct);

    /// <summary>A replacement from the provider's inventory, commissioned under the same lease; the remaining postage moves to it.</summary>
    [IdempotentForm(nameof(StepKey), Replayed = "This form was already sent; nothing was recorded twice.")]
    public Task<IActionResult> OnPostReplaceAsync(string id, CancellationToken ct) => Attempt(id, async () =>
    {
        var done = await replacement.Handle(Caller.From(User), id, new ReplaceDeviceCommand(ReplacementDeviceId?.Trim()), ct);
        return RedirectToPage(new { id = done.Replacement.Id, replaced = id });
    }, ct);

    /// <summary>§502.24(b)(1): the police report and the Inspection Service (CPIP) notification of a loss or theft.</summary>
    [IdempotentForm(nameof(StepKey), Replayed = "This form was already sent; nothing was recorded twice.")]
    public Task<IActionResult> OnPostNotifyAsync(string id, CancellationToken ct) => Attempt(id, async () =>
    {
        await notifications.Handle(Caller.From(User), id, new RecordLossNotificationsCommand(PoliceReport, InspectionServiceContact), ct);
        return RedirectToPage(new { id, reported = true });
    }, ct);

    /// <summary>§502.27(b): an examination validates an amount of the refund withheld at check-out; it is certified as a device-balance refund.</summary>
    [IdempotentForm(nameof(StepKey), Replayed = "This form was already sent; nothing was recorded twice.")]
    public Task<IActionResult> OnPostCreditWithheldAsync(string id, CancellationToken ct) => Attempt(id, async () =>
    {
        var amount = string.IsNullOrWhiteSpace(ValidatedAmount) ? null : new MoneyInput(ValidatedAmount.Trim().TrimStart('$'), null);
        await withheld.Handle(Caller.From(User), id, new CreditWithheldRefundCommand(amount, Details), ct);
        return RedirectToPage(new { id, credited = true });
    }, ct);

    /// <summary>The signed reset record (P050 3.5c) as a JSON file: the licensee's documentation of the reset.</summary>
    public async Task<IActionResult> OnGetRecordAsync(string id, string? resetId, CancellationToken ct)
    {
        var reset = await show.Reset(Caller.From(User), id, resetId, ct);
        if (reset is null) return this.NotFoundPage("reset");
        return File(json.Serialize(reset), "application/json", $"{reset.Id}.json");
    }

    /// <summary>Runs one action; input it refuses before any use case runs (null) shows the page again with the errors.</summary>
    private async Task<IActionResult> Attempt(string id, Func<Task<IActionResult?>> action, CancellationToken ct) =>
        await action() ?? await Load(id, ct);

    /// <summary>After a refusal (<see cref="RefusalFilter"/>): the page with the registers as they now stand.</summary>
    public Task<IActionResult> ShowAgainAsync(CancellationToken ct) => Load((string)RouteData.Values["id"]!, ct);

    string? IRefusalPage.NotFoundAs => "device";

    /// <summary>Loads everything the page shows; a device the caller may not see is a 404 (thrown, shown by <see cref="RefusalFilter"/>).</summary>
    private async Task<IActionResult> Load(string id, CancellationToken ct)
    {
        var caller = Caller.From(User);
        var details = await show.Run(caller, id, ct);
        IsLicensee = caller.Role == Caller.LicenseeRole;
        IsProvider = caller.Role == Caller.ProviderRole;
        Now = clock.GetUtcNow();
        Device = details.Device;
        Cap = details.Cap;
        RoomUnderCap = Mills.Max(Mills.Zero, Cap - details.Descending);
        LicenseeName = details.LicenseeName;
        DepositBalance = details.DepositBalance;
        Audits = details.Audits;
        Resets = details.Resets;
        ActivityReport = details.ActivityReport;
        History = details.History;
        Incident = details.Incident;
        Shipments = details.Shipments;
        SuspectReceiptId = details.SuspectReceiptId;
        Due = details.Due;
        // A form shown anew gets a new key; a form shown again after an error keeps the one it posted.
        if (string.IsNullOrEmpty(ResetKey)) ResetKey = Ids.New("form");
        if (string.IsNullOrEmpty(AuditKey)) AuditKey = Ids.New("form");
        if (string.IsNullOrEmpty(WithdrawKey)) WithdrawKey = Ids.New("form");
        return Page();
    }

    public static string Dollars(MoneyView m) => "$" + m.Amount;
}
