using System.Data.Common;
using System.Runtime.CompilerServices;
using Ibis.Data;
using Ibis.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Ibis.Server.Psd;

/// <summary>
/// <see cref="DeviceStanding.Lock"/> on SQLite without EF Core's query pipeline (issue 17): the same one statement — the
/// device with its license, the answer kept under the idempotency key and every standing — written by hand, run on its
/// prepared statement (<see cref="SqliteStatements"/>), shaped by <see cref="RowReader{T}"/> and the rows attached as a tracking
/// query would leave them. A print spends its turn at SQLite's one writer mostly on work that must be done there; this
/// read's pipeline was a tenth of a print's processor time (a delegate compiled per execution, the shaper, tracking
/// from the query), its SQLite part a fifth of that. What it reads is <see cref="DeviceStanding"/>'s LINQ, figure for
/// figure; <c>SqliteDeviceLockTests</c> compares the two on devices in every state the figures describe. Left to the
/// LINQ: a context that already tracks rows (a tracking query would hand back those instances).
/// </summary>
internal sealed class SqliteDeviceLock
{
    private static readonly PerModel<StrongBox<SqliteDeviceLock?>> ByModel = new(db => new StrongBox<SqliteDeviceLock?>(Build((IbisDb)db)));

    private readonly string _sql;
    private readonly RowReader<DeviceRow> _device;
    private readonly RowReader<LicenseRow> _license;
    private readonly RowReader<IdempotencyRow> _kept;
    private readonly Func<DbDataReader, int, object?>[] _standing;

    private SqliteDeviceLock(string sql, RowReader<DeviceRow> device, RowReader<LicenseRow> license, RowReader<IdempotencyRow> kept, Func<DbDataReader, int, object?>[] standing) =>
        (_sql, _device, _license, _kept, _standing) = (sql, device, license, kept, standing);

    /// <summary>The read for this context's model; null on PostgreSQL, for a context that tracks rows already, or a model it cannot shape.</summary>
    public static SqliteDeviceLock? For(IbisDb db)
    {
        if (db.IsPostgres) return null;
        var read = ByModel.For(db).Value;
        return read is not null && !db.ChangeTracker.Entries().Any() ? read : null;
    }

    /// <summary>The device (tracked, with its license and kept answer) and its standing; null: no such device.</summary>
    public LockedDevice? Lock(IbisDb db, string deviceId, string? idempotencyKey)
    {
        var read = SqliteStatements.Read(db, _sql, p =>
        {
            p.AddWithValue("@deviceId", deviceId);
            p.AddWithValue("@key", (object?)idempotencyKey ?? DBNull.Value);
        }, reader => reader.Read() ? Shape(reader) : null);
        if (read is null) return null;
        // Tracked as read (Unchanged, its originals what it holds) without Attach's walk over a graph these rows do not have.
        db.Entry(read.Device).State = EntityState.Unchanged;
        if (read.License is not null) db.Entry(read.License).State = EntityState.Unchanged;
        if (read.Kept is not null) db.Entry(read.Kept).State = EntityState.Unchanged;
        return read;
    }

    private LockedDevice Shape(DbDataReader reader)
    {
        var device = _device.Read(reader, 0);
        var at = _device.Columns.Count;
        var license = reader.IsDBNull(at + _license.Key) ? null : _license.Read(reader, at);
        at += _license.Columns.Count;
        var kept = reader.IsDBNull(at + _kept.Key) ? null : _kept.Read(reader, at);
        at += _kept.Columns.Count;
        var s = new object?[_standing.Length];
        for (var i = 0; i < s.Length; i++) s[i] = _standing[i](reader, at + i);
        var standing = new DeviceStanding((long?)s[0], (long?)s[1], (long?)s[2], (long?)s[3], license?.Status,
            (Domain.Licensing.LeaseStatus?)s[4], (string?)s[5], (Domain.Organisations.ProviderStatus?)s[6], (bool?)s[7], (string?)s[8]);
        return new LockedDevice(device, license, standing, kept, MayBeStale: false);
    }

    private static SqliteDeviceLock? Build(IbisDb db)
    {
        if (RowReader<DeviceRow>.For(db) is not { } device || RowReader<LicenseRow>.For(db) is not { } license || RowReader<IdempotencyRow>.For(db) is not { } kept)
            return null;
        var m = new ModelSql(db);
        // The figures of DeviceStanding.Standing, in its order. The newest indicium and reset by their (device, number)
        // indexes; the lease, provider and certificate by their keys, one join each where the LINQ has two sub-queries.
        string Newest<TRow>(string alias, string column, string order) =>
            $"(SELECT {m.Column<TRow>(alias, column)} FROM {m.Table<TRow>()} AS {alias} WHERE {m.Column<TRow>(alias, "DeviceId")} = {m.Column<DeviceRow>("d", "Id")} ORDER BY {m.Column<TRow>(alias, order)} DESC LIMIT 1)";
        var text = $"""
            SELECT {device.Select("d")}, {license.Select("l")}, {kept.Select("k")},
            {Newest<IndiciumRow>("i", "PieceNumber", "PieceNumber")}, {Newest<IndiciumRow>("i", "AscendingAfterMills", "PieceNumber")},
            {Newest<ResetRow>("r", "Sequence", "Sequence")}, {Newest<ResetRow>("r", "ControlTotalAfterMills", "Sequence")},
            {m.Column<LeaseRow>("e", "Status")}, {m.Column<LeaseRow>("e", "ResettingAccountId")}, {m.Column<ProviderRow>("p", "Status")},
            {m.Column<CertificateRow>("c", "Revoked")}, {m.Column<CertificateRow>("c", "RevocationReason")}
            FROM {m.Table<DeviceRow>()} AS d
            LEFT JOIN {m.Table<LicenseRow>()} AS l ON {m.Column<LicenseRow>("l", "Id")} = {m.Column<DeviceRow>("d", "LicenseId")}
            LEFT JOIN {m.Table<IdempotencyRow>()} AS k ON {m.Column<IdempotencyRow>("k", "Scope")} = {m.Column<DeviceRow>("d", "Id")} AND {m.Column<IdempotencyRow>("k", "Key")} = @key
            LEFT JOIN {m.Table<LeaseRow>()} AS e ON {m.Column<LeaseRow>("e", "Id")} = {m.Column<DeviceRow>("d", "LeaseId")}
            LEFT JOIN {m.Table<ProviderRow>()} AS p ON {m.Column<ProviderRow>("p", "Id")} = {m.Column<DeviceRow>("d", "ProviderId")}
            LEFT JOIN {m.Table<CertificateRow>()} AS c ON {m.Column<CertificateRow>("c", "Serial")} = {m.Column<DeviceRow>("d", "CertificateSerial")}
            WHERE {m.Column<DeviceRow>("d", "Id")} = @deviceId
            """;
        Func<DbDataReader, int, object?>[] standing =
        [
            ColumnValue.Boxed(m.Property<IndiciumRow>("PieceNumber")), ColumnValue.Boxed(m.Property<IndiciumRow>("AscendingAfterMills")),
            ColumnValue.Boxed(m.Property<ResetRow>("Sequence")), ColumnValue.Boxed(m.Property<ResetRow>("ControlTotalAfterMills")),
            ColumnValue.Boxed(m.Property<LeaseRow>("Status")), ColumnValue.Boxed(m.Property<LeaseRow>("ResettingAccountId")),
            ColumnValue.Boxed(m.Property<ProviderRow>("Status")),
            ColumnValue.Boxed(m.Property<CertificateRow>("Revoked")), ColumnValue.Boxed(m.Property<CertificateRow>("RevocationReason")),
        ];
        return new SqliteDeviceLock(text, device, license, kept, standing);
    }
}
