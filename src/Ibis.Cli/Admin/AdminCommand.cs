using System.CommandLine;

namespace Ibis.Cli.Admin;

/// <summary>
/// <c>ibis admin init</c>: bootstraps a live installation against the configured database and key
/// store (the same configuration as the server: IBIS_DATA_DIR, ConnectionStrings__Ibis or --database,
/// Ibis__KeyStore__…). It runs in-process with the server's own use case, not through the API: no
/// one can claim an uninitialized server over the network.
/// </summary>
internal static class AdminCommand
{
    public static Command Create(CliContext context)
    {
        var administrator = new Option<string>("--administrator") { Description = "the first Postal Service administrator's e-mail address", Required = true };
        var externalCa = new Option<bool>("--external-ca") { Description = "hold no CA: device certificates come from an external Postal Service CA (PKCS#10)" };
        var dataDir = new Option<string?>("--data-dir") { Description = "the data directory (default ./ibis-data or IBIS_DATA_DIR)" };
        var database = new Option<string?>("--database") { Description = "a PostgreSQL URL (postgres://user:password@host/db) instead of SQLite" };
        var init = new Command("init", "Create the Postal Service CA in the key store and the first administrator (once).") { administrator, externalCa, dataDir, database };
        init.SetAction(async (parse, ct) =>
        {
            var args = new List<string> { "init", "--administrator", parse.GetValue(administrator)! };
            // "=true": a bare flag would take the next argument as its value in the configuration parser.
            if (parse.GetValue(externalCa)) args.Add("--external-ca=true");
            if (parse.GetValue(dataDir) is { } dir) args.AddRange(["--IBIS_DATA_DIR", dir]);
            if (parse.GetValue(database) is { } db) args.AddRange(["--database", db]);
            return await Ibis.Server.AdminCommand.RunStandalone([.. args], context.Out, context.Err);
        });
        return new Command("admin", "Administer this installation.") { init };
    }
}
