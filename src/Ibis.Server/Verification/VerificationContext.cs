using Ibis.Domain.Indicia;
using Ibis.Domain.Rates;
using Ibis.Server.Certificates;

namespace Ibis.Server.Verification;

/// <summary>Who is verifying, which decides how the mode of a piece is judged (DESIGN §4).</summary>
public enum VerifierMode
{
    /// <summary>Anyone, offline-style (POST /v1/verifications): sandbox pieces verify, marked "test".</summary>
    Open,

    /// <summary>The Postal Service on live mail: a sandbox piece is a <c>test_indicium</c>, never postage.</summary>
    Live,

    /// <summary>The sandbox's Postal Service: it reaches sandbox certificates only, like every sandbox caller.</summary>
    Sandbox,
}

/// <summary>
/// Everything the checks read, loaded once per batch before any piece is checked (so the checks are pure,
/// run in parallel and touch no database): certificates, their authorities, devices, rate tables, and the
/// pieces with a month-only date. Revocations and device status are read fresh for every batch.
/// </summary>
internal sealed class VerificationContext
{
    public required VerifierMode Mode { get; init; }

    public required DateTimeOffset Now { get; init; }

    /// <summary>Days after a full date during which a scan is in time (P050 4.6, 4.7).</summary>
    public required int AcceptanceDays { get; init; }

    public required IReadOnlyDictionary<long, KnownCertificate> Certificates { get; init; }

    /// <summary>CA certificates by authority id.</summary>
    public required IReadOnlyDictionary<string, byte[]> Authorities { get; init; }

    public required IReadOnlyDictionary<string, KnownDevice> Devices { get; init; }

    /// <summary>The rate table in force on each date of mailing in the batch; absent when none is.</summary>
    public required IReadOnlyDictionary<DateOnly, RateTable> RateTables { get; init; }

    /// <summary>Collection schedules by licensing ZIP (one-off verifications only; null when the office has none).</summary>
    public required IReadOnlyDictionary<string, CollectionSchedule?> Schedules { get; init; }

    /// <summary>(device id, piece number) of Standard Mail pieces printed with month and year only (P050 4.6).</summary>
    public required IReadOnlySet<(string DeviceId, long Piece)> MonthOnlyPieces { get; init; }

    /// <summary>(device id, piece number) of pieces whose postage was refunded (§502.27(a)).</summary>
    public required IReadOnlySet<(string DeviceId, long Piece)> RefundedPieces { get; init; }

    public required VerifyingKeys Keys { get; init; }

    public required CertificateValidityCache Validities { get; init; }
}
