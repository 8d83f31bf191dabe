using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain.Compliance;

namespace Ibis.Server.Compliance;

/// <summary>
/// What a duty source reports: one duty of one subject, its deadline, whom it concerns, and — once the
/// data shows it — when it was done. A source reports the duties it knows of now; the sweep records new
/// ones, closes the ones reported done and gives the notices owed.
/// </summary>
internal sealed record DutyFact(
    string SubjectId, DateTimeOffset DueAt, string? ProviderId, string? LicenseeId, bool Sandbox,
    DateTimeOffset? CompletedAt = null, DutyOutcome Outcome = DutyOutcome.Done);

/// <summary>
/// What a source may read: the database, the instant of the sweep, its rule's open duties, and what the
/// sweep's sources share (<see cref="SweepMemo"/>).
/// </summary>
internal sealed record DutyScan(IbisDb Db, DateTimeOffset Now, IReadOnlyList<DutyRow> Open, SweepMemo Memo);

/// <summary>
/// The server half of a duty: where its subjects and their deadlines are found. A module plugs a duty
/// in by adding one class implementing this (with its <see cref="IDutyRule"/> in Ibis.Domain); the
/// registry finds every implementation in this assembly (<see cref="DutyRegistry"/>).
/// </summary>
public interface IDutySource
{
    IDutyRule Rule { get; }

    // Internal: the sweep (Compliance) alone calls it; the interface is public because the duty pages' use cases take
    // every source in their constructors.
    internal Task<IReadOnlyList<DutyFact>> Find(DutyScan scan, CancellationToken ct);
}

/// <summary>Every duty source of the assembly, found once by reflection and registered as singletons.</summary>
internal static class DutyRegistry
{
    public static IReadOnlyList<Type> SourceTypes { get; } = typeof(DutyRegistry).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IDutySource).IsAssignableFrom(t))
        .OrderBy(t => t.FullName, StringComparer.Ordinal)
        .ToList();

    public static void AddDutySources(IServiceCollection services)
    {
        foreach (var type in SourceTypes) services.AddSingleton(typeof(IDutySource), type);
    }

    public static IDutyRule? RuleOf(IEnumerable<IDutySource> sources, string code) => sources.Select(s => s.Rule).FirstOrDefault(r => r.Code == code);
}
