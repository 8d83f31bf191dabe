using System.Data.Common;
using System.Runtime.CompilerServices;
using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain.Psd;
using Ibis.Server.Devices;
using Ibis.Server.Quality;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Ibis.Server.Psd;

/// <summary>
/// <see cref="ResetReads"/> on SQLite without EF Core's query pipeline (issue 17), as <see cref="SqliteDeviceLock"/> is the
/// device's read: the same statements as the compiled LINQ — the account row with the quality standing and the licensee's
/// cap (<see cref="Read"/>), the cap alone for the recheck in the turn at the write gate (<see cref="Cap"/>) — written by
/// hand, run on their prepared statements (<see cref="SqliteStatements"/>) and shaped by <see cref="RowReader{T}"/>. The
/// recheck runs inside SQLite's one writer's turn, where EF Core's per-execution work (a delegate compiled for each run,
/// the shaper) held every other writer out. <c>SqliteResetReadsTests</c> compares both with the LINQ
/// (<see cref="QualityAssurance.StandingExpression"/>, <see cref="LicenseeLock.CapExpression"/>) on devices whose samples
/// and licensee's devices cover every figure.
/// </summary>
internal sealed class SqliteResetReads
{
    private static readonly PerModel<StrongBox<SqliteResetReads?>> ByModel = new(db => new StrongBox<SqliteResetReads?>(Build((IbisDb)db)));

    private readonly string _reads;
    private readonly string _cap;
    private readonly RowReader<DepositAccountRow> _account;
    private readonly Func<DbDataReader, int, object?>[] _quality;

    private SqliteResetReads(string reads, string cap, RowReader<DepositAccountRow> account, Func<DbDataReader, int, object?>[] quality) =>
        (_reads, _cap, _account, _quality) = (reads, cap, account, quality);

    /// <summary>The reads for this context's model; null on PostgreSQL or for a model they cannot shape.</summary>
    public static SqliteResetReads? For(IbisDb db) => db.IsPostgres ? null : ByModel.For(db).Value;

    /// <summary>
    /// The account (tracked: the caller makes sure the context tracks no account row yet), the quality standing and the cap.
    /// No account: <see cref="InvalidOperationException"/>, as the LINQ's <c>Single</c>.
    /// </summary>
    public ResetReads Read(IbisDb db, string accountId, string deviceId, string licenseeId)
    {
        var read = SqliteStatements.Read(db, _reads, p =>
        {
            p.AddWithValue("@accountId", accountId);
            p.AddWithValue("@deviceId", deviceId);
            p.AddWithValue("@licenseeId", licenseeId);
        }, reader => reader.Read() ? Shape(reader) : null) ?? throw new InvalidOperationException($"no deposit account {accountId}");
        db.Entry(read.Account).State = EntityState.Unchanged; // tracked as read, for the debit's UPDATE
        return read;
    }

    /// <summary>P050 3.6's figures for <paramref name="licenseeId"/> besides <paramref name="deviceId"/>; a licensee not there has a cap of nothing.</summary>
    public LicenseeCap Cap(IbisDb db, string licenseeId, string deviceId) =>
        SqliteStatements.Read(db, _cap, p =>
        {
            p.AddWithValue("@deviceId", deviceId);
            p.AddWithValue("@licenseeId", licenseeId);
        }, reader => reader.Read() ? new LicenseeCap(reader.GetInt64(0), reader.GetInt64(1)) : throw new InvalidOperationException("a statement of one row read none"));

    private ResetReads Shape(DbDataReader reader)
    {
        var account = _account.Read(reader, 0);
        var at = _account.Columns.Count;
        var quality = new QualityAssurance.Standing((DateTimeOffset?)_quality[0](reader, at), (Domain.Quality.QualitySampleStatus?)_quality[1](reader, at + 1),
            (string?)_quality[2](reader, at + 2));
        return new ResetReads(account, quality, new LicenseeCap(reader.GetInt64(at + 3), reader.GetInt64(at + 4)));
    }

    private static SqliteResetReads? Build(IbisDb db)
    {
        if (RowReader<DepositAccountRow>.For(db) is not { } account) return null;
        var m = new ModelSql(db);

        // QualityAssurance.StandingExpression: the last sample forwarded; the status and deficiencies of the last graded.
        var samples = $"FROM {m.Table<QualitySampleRow>()} AS q WHERE {m.Column<QualitySampleRow>("q", "DeviceId")} = @deviceId";
        var graded = $"{samples} AND {m.Column<QualitySampleRow>("q", "Status")} <> {m.Literal<QualitySampleRow>("Status", Domain.Quality.QualitySampleStatus.Submitted)}"
                     + $" ORDER BY {m.Column<QualitySampleRow>("q", "GradedAt")} DESC, {m.Column<QualitySampleRow>("q", "Id")} DESC LIMIT 1";
        var quality = $"(SELECT {m.Column<QualitySampleRow>("q", "SubmittedAt")} {samples} ORDER BY {m.Column<QualitySampleRow>("q", "SubmittedAt")} DESC LIMIT 1), "
                      + $"(SELECT {m.Column<QualitySampleRow>("q", "Status")} {graded}), (SELECT {m.Column<QualitySampleRow>("q", "Deficiencies")} {graded})";
        // LicenseeLock.CapExpression: the cap (nothing for a licensee not there), the DR of the licensee's other devices not withdrawn.
        var cap = $"COALESCE((SELECT {m.Column<LicenseeRow>("l", "DrCapMills")} FROM {m.Table<LicenseeRow>()} AS l WHERE {m.Column<LicenseeRow>("l", "Id")} = @licenseeId), 0), "
                  + $"(SELECT COALESCE(SUM({m.Column<DeviceRow>("x", "DescendingMills")}), 0) FROM {m.Table<DeviceRow>()} AS x WHERE {m.Column<DeviceRow>("x", "LicenseeId")} = @licenseeId"
                  + $" AND {m.Column<DeviceRow>("x", "Id")} <> @deviceId AND {m.Column<DeviceRow>("x", "Status")} <> {m.Literal<DeviceRow>("Status", DeviceStatus.Withdrawn)})";
        var reads = $"SELECT {account.Select("a")}, {quality}, {cap} FROM {m.Table<DepositAccountRow>()} AS a WHERE {m.Column<DepositAccountRow>("a", "Id")} = @accountId";
        Func<DbDataReader, int, object?>[] figures =
        [
            ColumnValue.Boxed(m.Property<QualitySampleRow>("SubmittedAt")), ColumnValue.Boxed(m.Property<QualitySampleRow>("Status")),
            ColumnValue.Boxed(m.Property<QualitySampleRow>("Deficiencies")),
        ];
        return new SqliteResetReads(reads, $"SELECT {cap}", account, figures);
    }
}
