using System.Diagnostics.Metrics;
using System.Globalization;
using Ibis.Domain.Money;
using Ibis.Domain.Verification;
using Ibis.Domain.Rates;
using Ibis.Server.Verification;

namespace Ibis.Server.Pages;

/// <summary>genuine (live postage) | sample (a sandbox indicium: signed right, not postage) | not_genuine | unreadable.</summary>
internal enum StampVerdictKind
{
    Genuine,
    Sample,
    NotGenuine,
    Unreadable,
}

/// <summary>What the public stamp check says about one indicium, in plain words.</summary>
internal sealed record StampVerdict(StampVerdictKind Kind, string Headline, string? Amount, string? MailingDate, string? PostOffice, string? MailClass, IReadOnlyList<string> Reasons)
{
    public string CssClass => Kind switch
    {
        StampVerdictKind.Genuine => "verdict-genuine",
        StampVerdictKind.Sample => "verdict-sample",
        _ => "verdict-not-genuine",
    };

    public string Word => Kind switch
    {
        StampVerdictKind.Genuine => "genuine",
        StampVerdictKind.Sample => "sample",
        StampVerdictKind.Unreadable => "unreadable",
        _ => "not_genuine",
    };

    /// <summary>The verifier's answer about one piece (§502.8), told to someone who has never read the rule.</summary>
    public static StampVerdict Of(PieceUnderCheck piece)
    {
        var data = piece.Data;
        if (data is null)
            return new StampVerdict(StampVerdictKind.NotGenuine, "Not genuine: this is not an indicium Ibis can read.", null, null, null, null,
                [.. piece.Reasons.Select(r => Plain(r))]);
        var amount = Dollars(data.Postage);
        var date = data.MailingDate.ToString("MMMM d, yyyy", CultureInfo.InvariantCulture);
        var zip = data.LicensingZip.ToString();
        var category = RateCategory.FromCode(data.RateCategory)?.Label;
        var sample = piece.Certificate?.Sandbox == true;
        var reasons = piece.Reasons.Where(r => r.Code != VerificationReasons.TestIndicium).Select(Plain).ToList();
        if (reasons.Count > 0)
            return new StampVerdict(StampVerdictKind.NotGenuine, $"Not genuine: this {amount} stamp does not pass the check.", amount, date, zip, category, reasons);
        return sample
            ? new StampVerdict(StampVerdictKind.Sample, $"Genuine SAMPLE for {amount} — made in the sandbox for testing. It is not postage and may not be mailed.", amount, date, zip, category, [])
            : new StampVerdict(StampVerdictKind.Genuine, $"Genuine postage for {amount}.", amount, date, zip, category, []);
    }

    public static StampVerdict Unreadable(string why) =>
        new(StampVerdictKind.Unreadable, "No stamp could be read.", null, null, null, null, [why]);

    /// <summary>$0.73 for whole cents, $0.735 when the postage has a mill (P050 1.5 rates may end in tenths of a cent).</summary>
    public static string Dollars(Mills postage) => postage.Value % 10 == 0
        ? "$" + (postage.Value / 10 / 100m).ToString("0.00", CultureInfo.InvariantCulture)
        : postage.ToDollarString();

    private static string Plain(VerificationReason reason) => reason.Code switch
    {
        VerificationReasons.SignatureInvalid => "The stamp's digital signature does not match what is printed: it was changed after printing, or it is a copy made up by someone else.",
        VerificationReasons.FormatInvalid => "The barcode does not hold an indicium in the format of the Information-Based Indicia Program.",
        VerificationReasons.CertificateUnknown => "The stamp names a postage meter certificate that the Postal Service never issued.",
        VerificationReasons.CertificateRevoked => "The postage meter that printed this stamp had its certificate revoked.",
        VerificationReasons.DeviceWithdrawn => "The postage meter that printed this stamp had already been taken out of service on that date.",
        VerificationReasons.DeviceReportedLost or VerificationReasons.DeviceReportedStolen => "The postage meter that printed this stamp was reported lost or stolen before that date.",
        VerificationReasons.Refunded => "The postage of this stamp was refunded; the stamp may no longer be mailed.",
        VerificationReasons.MailingDateInFuture => "The stamp is dated too far in the future.",
        VerificationReasons.PostageBelowRate => "The postage printed is below the lowest rate for the mail class it names.",
        _ => char.ToUpperInvariant(reason.Message[0]) + reason.Message[1..] + ".",
    };
}

/// <summary>
/// The only thing the stamp check keeps: how many checks ended in each verdict (a metric, no
/// table). No image, barcode or address is stored or logged.
/// </summary>
internal static class StampCheckCounts
{
    public const string MeterName = "Ibis.StampCheck";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> Verdicts = Meter.CreateCounter<long>("ibis.stamp_check.verdicts", unit: "{verdict}", description: "Public stamp checks by verdict (genuine, sample, not_genuine, unreadable)");

    public static void Count(StampVerdict verdict) => Verdicts.Add(1, new KeyValuePair<string, object?>("verdict", verdict.Word));
}
