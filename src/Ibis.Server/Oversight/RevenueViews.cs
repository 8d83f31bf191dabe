namespace Ibis.Server.Oversight;

/// <summary>Counts of scans: each in exactly one of valid, duplicates, late and invalid; forgeries are among the invalid.</summary>
public sealed record ScanFigures(long Scanned, long Valid, long Duplicates, long Late, long Invalid, long Forgeries)
{
    public static readonly ScanFigures Zero = new(0, 0, 0, 0, 0, 0);

    public long Flagged => Duplicates + Late + Invalid;

    public ScanFigures Plus(ScanFigures o) => new(
        checked(Scanned + o.Scanned), checked(Valid + o.Valid), checked(Duplicates + o.Duplicates), checked(Late + o.Late), checked(Invalid + o.Invalid), checked(Forgeries + o.Forgeries));
}

public sealed record RevenuePeriodView(string Period, ScanFigures Figures);

/// <summary>One device, licensee or provider over the whole period; key "" is the scans that named no known device.</summary>
public sealed record RevenueGroupView(string Key, string? ProviderId, string? LicenseeId, ScanFigures Figures, string? OpenSuspectCaseId);

public sealed record RevenueProtectionView(
    string Object, string From, string To, string Granularity, string GroupBy, ScanFigures Totals,
    IReadOnlyList<RevenuePeriodView> Series, IReadOnlyList<RevenueGroupView> Groups, IReadOnlyList<OversightCaseView> SuspectCases);
