using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Ibis.Cli.Tests.Support;

/// <summary>
/// The real server (its own composition root, on a fresh SQLite file with the sandbox created at start)
/// in-process, for running CLI commands end to end. The CLI reaches it through the test server's handler.
/// The type argument only names the server's assembly: both projects have a top-level Program.
/// </summary>
public sealed class CliServer : WebApplicationFactory<Ibis.Server.Indicia.IndiciumView>
{
    public const string Url = "http://ibis.test/";

    private readonly string _dataDir = Directory.CreateTempSubdirectory("ibis-cli-e2e-").FullName;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("IBIS_DATA_DIR", _dataDir);
        builder.UseSetting("urls", "http://127.0.0.1:0");
        builder.UseSetting("Ibis:Scheduler:Enabled", "false");
    }

    /// <summary>The sandbox licensee's test key and device, from the credentials file the server wrote.</summary>
    public (string ApiKey, string Device) Licensee()
    {
        _ = Server;
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dataDir, "sandbox-credentials.json")));
        return (doc.RootElement.GetProperty("api_key").GetString()!, doc.RootElement.GetProperty("device_id").GetString()!);
    }

    /// <summary>The server's data directory (its SQLite file and <c>sandbox-credentials.json</c>).</summary>
    public string DataDirectory
    {
        get
        {
            _ = Server;
            return _dataDir;
        }
    }

    public Func<HttpMessageHandler> Handler => () => Server.CreateHandler();

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing) return;
        try { Directory.Delete(_dataDir, recursive: true); } catch (IOException) { }
        try { if (Directory.Exists(_dataDir + "-keys")) Directory.Delete(_dataDir + "-keys", recursive: true); } catch (IOException) { }
    }
}
