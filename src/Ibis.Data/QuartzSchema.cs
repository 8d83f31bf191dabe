using Microsoft.EntityFrameworkCore.Migrations;

namespace Ibis.Data;

/// <summary>
/// The tables of the scheduler's job store (Quartz.NET's ADO store), created by our migrations so that
/// one set of migrations owns the whole database. The statements are the table scripts Quartz ships
/// inside Quartz.dll, one per provider, read at migration time (not copied), with our table prefix.
/// Every statement is CREATE … IF NOT EXISTS, so running it over an existing store changes nothing.
/// </summary>
public static class QuartzSchema
{
    /// <summary>The table prefix the scheduler is configured with (Quartz's default).</summary>
    public const string TablePrefix = "QRTZ_";

    private const string Separator = "--;;";

    public static IReadOnlyList<string> Statements(bool postgres)
    {
        var name = postgres ? "Quartz.Impl.AdoJobStore.Schema.create_postgres.sql" : "Quartz.Impl.AdoJobStore.Schema.create_sqlite.sql";
        using var stream = typeof(Quartz.IScheduler).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"the Quartz assembly no longer carries {name}; its table script moved");
        using var reader = new StreamReader(stream);
        // The only placeholders are {0} (prefix) and {1} (prefix without a schema qualifier).
        var sql = string.Format(System.Globalization.CultureInfo.InvariantCulture, reader.ReadToEnd(), TablePrefix, TablePrefix);
        // Statements end at a line that is exactly the separator (the script's own comments mention it
        // too); comment lines are dropped.
        var statements = new List<string>();
        var current = new System.Text.StringBuilder();
        foreach (var line in sql.Split('\n'))
        {
            var trimmed = line.Trim();
            if (trimmed == Separator)
            {
                Flush();
                continue;
            }
            if (trimmed.Length == 0 || trimmed.StartsWith("--", StringComparison.Ordinal)) continue;
            current.AppendLine(line.TrimEnd('\r'));
        }
        Flush();
        return statements;

        void Flush()
        {
            var statement = current.ToString().Trim();
            if (statement.Length > 0) statements.Add(statement);
            current.Clear();
        }
    }

    public static void Create(MigrationBuilder migrationBuilder, bool postgres)
    {
        foreach (var statement in Statements(postgres)) migrationBuilder.Sql(statement);
    }

    /// <summary>Tables in drop order (children first).</summary>
    private static readonly string[] Tables =
    [
        "JOB_STATUS", "MISFIRE_HISTORY", "EXECUTION_HISTORY", "FIRED_TRIGGERS", "PAUSED_JOB_GRPS", "PAUSED_TRIGGER_GRPS",
        "SCHEDULER_STATE", "LOCKS", "SIMPLE_TRIGGERS", "SIMPROP_TRIGGERS", "CRON_TRIGGERS", "BLOB_TRIGGERS", "TRIGGERS",
        "JOB_DETAILS", "CALENDARS",
    ];

    public static void Drop(MigrationBuilder migrationBuilder)
    {
        foreach (var table in Tables) migrationBuilder.Sql($"DROP TABLE IF EXISTS {TablePrefix}{table}");
    }
}
