using Ibis.Domain;
using Ibis.Server.Organisations;

namespace Ibis.Server.Pages.Portal.Onboarding;

/// <summary>One step on a licensee's way to its first indicium: done or not, why the rule asks for it, where to do it.</summary>
internal sealed record ChecklistStep(string Key, string Title, bool Done, string Why, string? Link, string? LinkText, string? Detail);

/// <summary>
/// The licensee's "Getting started" checklist, in the order the rule imposes: license → deposit
/// account → lease → device in service → funded → first print. Each step says why it is needed in
/// plain words, citing the rule.
/// </summary>
internal static class GettingStarted
{
    /// <summary>The words of 39 CFR 502.25(c)(2) the licensee's rental agreement carries.</summary>
    public const string AcknowledgementOfDepositRequirement =
        "See the Cash Management Operating Specifications for the Computerized Remote Postage Meter Resetting System. " +
        "Contact the Treasurer's Office of the United States Postal Service, 475 L'Enfant Plaza SW, Washington DC 20260-5130 for this document.";

    public static IReadOnlyList<ChecklistStep> Steps(CustomerProgress p) =>
    [
        new("license", "License from the Postal Service (Form 3601-B)", p.ValidLicenses.Count > 0,
            "P050 2.1: you may use PC Postage only under a Postal Service license. You give the Form 3601-A information to your provider, " +
            "who sends it to the Postal Service; the license names the post office where you will mail.",
            "/portal/licensing", p.ApplicationStatus is null ? "Fill in Form 3601-A" : "See your application",
            p.ValidLicenses.Count > 0 ? $"License {p.ValidLicenses[0].Id} ({p.ValidLicenses[0].PostOffice})"
                : p.ApplicationStatus is { } status ? $"Your application is {status.ToWords()}." : null),
        new("account", "Deposit account with the Postal Service", p.OpenAccountId is not null,
            "39 CFR 502.25(c): postage is paid in advance from money you keep on deposit with the Postal Service. Your provider opens the account " +
            "once you have signed the Acknowledgement of Deposit Requirement.",
            p.OpenAccountId is null ? null : "/portal/account", p.OpenAccountId is null ? null : "Your deposit account",
            p.OpenAccountId is null ? "Your provider opens it after your license is issued." : $"Account {p.OpenAccountId}"),
        new("lease", "Lease signed with your provider", p.ActiveLeases.Count > 0,
            "P050 3.1: you lease the system from your provider under an agreement that includes how your device is reset with postage.",
            null, null, p.ActiveLeases.Count > 0 ? $"Lease {p.ActiveLeases[0].Id}, signed by {p.ActiveLeases[0].SignedBy} on {p.ActiveLeases[0].SignedOn:yyyy-MM-dd}" : "Your provider records the lease you sign."),
        new("device", "Postal security device in service", p.DevicesInService > 0,
            "P050 3.1: before you may print, your provider initializes and authorizes your device under your lease.",
            p.DevicesInService > 0 ? "/portal" : null, p.DevicesInService > 0 ? "Your devices" : null,
            p.DevicesInService > 0 ? null : "Your provider commissions a device for you."),
        new("funded", "Money on deposit", p.Funded,
            "P050 3.2 and 39 CFR 502.25(c)(1): postage is paid for before the device is set, so funds must be on deposit before your first reset.",
            p.OpenAccountId is null ? null : "/portal/account", p.OpenAccountId is null ? null : "Make a deposit", null),
        new("print", "First postage printed", p.Printed,
            "With a license, a device in service and postage set into it, you print indicia on envelopes and labels.",
            "/portal/print", "Print an envelope", null),
    ];

    /// <summary>The first step not yet done, or null when every step is.</summary>
    public static ChecklistStep? Next(IReadOnlyList<ChecklistStep> steps) => steps.FirstOrDefault(s => !s.Done);
}
