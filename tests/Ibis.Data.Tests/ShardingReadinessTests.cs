using Ibis.Data.Postgres;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Xunit;

namespace Ibis.Data.Tests;

/// <summary>
/// docs/scaling.md: beyond one PostgreSQL, the tables a print or a reset writes are distributed by
/// device (a Citus distribution column, or application-level shards). That works only while every
/// key and unique index of those tables leads with the device — a uniqueness that spans devices
/// cannot be enforced on one shard. This holds the schema to it now, so sharding later is a
/// deployment step and not a migration of the hot tables.
/// </summary>
public sealed class ShardingReadinessTests
{
    /// <summary>The tables the hot paths write, and the column that names their device.</summary>
    private static readonly Dictionary<string, string> DeviceTables = new()
    {
        ["devices"] = "Id",
        ["indicia"] = "DeviceId",
        ["resets"] = "DeviceId",
        ["audits"] = "DeviceId",
        ["audit_challenges"] = "DeviceId",
        ["device_events"] = "DeviceId",
        ["redates"] = "DeviceId",
        // A device operation's idempotency keys are scoped by the device id (PsdTransaction).
        ["idempotency_keys"] = "Scope",
    };

    /// <summary>
    /// Unique indexes that span devices today, each with how docs/scaling.md takes it apart. This list
    /// only shrinks: a new cross-device uniqueness on a hot table needs a line here and in the doc.
    /// </summary>
    private static readonly HashSet<string> CrossDeviceUniques =
    [
        // Record ids are 120 random bits (Ids.New): the global index is a belt-and-braces check that a
        // sharded deployment drops (a lookup by id alone then asks every shard, as GET /v1/indicia/{id} may).
        "indicia (Id)", "resets (Id)", "audits (Id)", "redates (Id)",
        // §502.11: one device number per device across the installation — moves to a small table
        // keyed by the number (a reference table), written once at manufacture.
        "devices (Vendor, Model, Serial)",
        // USPS-B-3200 IMb serial slots under a mailer ID — move to a table keyed by (mailer ID, slot),
        // written once per device and mailer ID (AllocateImbSlot), never on an ordinary print.
        "devices (ImbMailerId, ImbSlot)",
    ];

    private static IModel Model()
    {
        using var db = new PostgresIbisDb(new DbContextOptionsBuilder<PostgresIbisDb>().UseNpgsql("Host=unused", PostgresMigrations.Use).Options);
        return db.GetService<IDesignTimeModel>().Model;
    }

    private static IEntityType Table(IModel model, string table) =>
        model.GetEntityTypes().Single(e => e.GetTableName() == table && e.GetSchema() is null);

    private static string Columns(IReadOnlyList<IProperty> properties) => string.Join(", ", properties.Select(p => p.GetColumnName()));

    [Fact]
    public void EveryHotTable_KeysByItsDeviceFirst()
    {
        var model = Model();
        foreach (var (table, device) in DeviceTables)
        {
            var key = Table(model, table).FindPrimaryKey()!;
            Assert.True(key.Properties[0].GetColumnName() == device, $"{table}: the primary key ({Columns(key.Properties)}) must lead with {device}");
        }
    }

    [Fact]
    public void NoUniqueIndexOnAHotTable_SpansDevices_BeyondTheListedOnes()
    {
        var model = Model();
        var spanning = DeviceTables
            .SelectMany(t => Table(model, t.Key).GetIndexes().Where(i => i.IsUnique && i.Properties.All(p => p.GetColumnName() != t.Value))
                .Select(i => $"{t.Key} ({Columns(i.Properties)})"))
            .ToHashSet();

        var unlisted = spanning.Except(CrossDeviceUniques).ToList();
        Assert.True(unlisted.Count == 0, $"unique indexes that span devices, not in docs/scaling.md: {string.Join("; ", unlisted)}");
        var gone = CrossDeviceUniques.Except(spanning).ToList();
        Assert.True(gone.Count == 0, $"no longer in the schema, take them off the list (and the doc): {string.Join("; ", gone)}");
    }
}
