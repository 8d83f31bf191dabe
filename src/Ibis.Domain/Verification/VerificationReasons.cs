namespace Ibis.Domain.Verification;

/// <summary>
/// The reasons a verifier gives for an indicium (§502.8: the Postal Service verifies indicia on the mail)
/// and the one verdict a scan event gets: the most serious reason, or <see cref="Valid"/> when there is none.
/// The codes are stable API values.
/// </summary>
public static class VerificationReasons
{
    public const string Valid = "valid";

    /// <summary>The bytes are not an indicium of a known format (a damaged or made-up barcode).</summary>
    public const string FormatInvalid = "format_invalid";

    public const string CertificateUnknown = "certificate_unknown";
    public const string SignatureInvalid = "signature_invalid";

    /// <summary>A sandbox (SAMPLE) indicium on live mail: it never pays postage (DESIGN §4).</summary>
    public const string TestIndicium = "test_indicium";

    public const string CertificateInvalid = "certificate_invalid";
    public const string CertificateDeviceMismatch = "certificate_device_mismatch";
    public const string CertificateRevoked = "certificate_revoked";
    public const string CertificateExpired = "certificate_expired";
    public const string CertificateNotYetValid = "certificate_not_yet_valid";
    public const string DeviceReportedStolen = "device_reported_stolen";
    public const string DeviceReportedLost = "device_reported_lost";
    public const string DeviceWithdrawn = "device_withdrawn";

    /// <summary>The device and piece number were already scanned: a copied indicium.</summary>
    public const string Duplicate = "duplicate";

    /// <summary>The piece's postage was refunded (§502.27(a)): it may not be mailed.</summary>
    public const string Refunded = "refunded";

    public const string PostageBelowRate = "postage_below_rate";
    public const string DateOutsideWindow = "date_outside_window";
    public const string MailingDateInFuture = "mailing_date_in_future";
    public const string RateCategoryUnknown = "rate_category_unknown";

    /// <summary>
    /// Most serious first: a piece that is not an indicium, or not one of ours, or forged, says so before
    /// anything about its device or its date. The verdict of a scan event is the first of its reasons here.
    /// </summary>
    public static IReadOnlyList<string> BySeverity { get; } =
    [
        FormatInvalid, CertificateUnknown, SignatureInvalid, TestIndicium, CertificateInvalid, CertificateDeviceMismatch,
        CertificateRevoked, CertificateExpired, CertificateNotYetValid, DeviceReportedStolen, DeviceReportedLost, DeviceWithdrawn,
        Duplicate, Refunded, PostageBelowRate, DateOutsideWindow, MailingDateInFuture, RateCategoryUnknown,
    ];

    /// <summary>The verdict for a set of reason codes: the most serious, or <see cref="Valid"/>.</summary>
    public static string VerdictOf(IEnumerable<string> reasonCodes)
    {
        ArgumentNullException.ThrowIfNull(reasonCodes);
        var best = -1;
        string? unranked = null;
        foreach (var code in reasonCodes)
        {
            var rank = IndexOf(code);
            if (rank < 0) unranked ??= code;
            else if (best < 0 || rank < best) best = rank;
        }
        return best >= 0 ? BySeverity[best] : unranked ?? Valid;
    }

    private static int IndexOf(string code)
    {
        for (var i = 0; i < BySeverity.Count; i++)
            if (BySeverity[i] == code) return i;
        return -1;
    }
}
