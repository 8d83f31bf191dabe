using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Ibis.Server.Auth;
using Ibis.Server.Tests.Customers;
using Ibis.Server.Tests.Infrastructure;
using Ibis.Server.Tests.Licensing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Ibis.Server.Tests.Privacy;

/// <summary>
/// Issue 6: known SSN last-fours, ACH account numbers and e-mail addresses are planted through every
/// customer-record path (record, ACH, 3601-A, transmission, amendment, reports, searches); then the
/// SQLite file, its WAL and every line the server logged (at Trace) are searched: zero plaintext hits.
/// </summary>
public sealed partial class PlaintextScanTests : IDisposable
{
    private readonly CapturedLogs _logs = new();
    private readonly IbisApp _app;

    public PlaintextScanTests()
    {
        _app = new IbisApp(DatabaseKind.Sqlite, settings: new Dictionary<string, string> { ["Logging:LogLevel:Default"] = "Trace", ["Logging:LogLevel:Microsoft"] = "Trace" })
        {
            ConfigureHost = b => b.ConfigureServices(s => s.AddSingleton<ILoggerProvider>(_logs)),
        };
    }

    public void Dispose() => _app.Dispose();

    private static readonly string[] Planted = ["jane.doe@mailer.example", "jane.new@mailer.example", "98765432101234", "55512345678901"];

    [Fact]
    public async Task PlantedPersonalData_IsNowhereInPlaintext_InTheDatabaseFilesOrTheLogs()
    {
        var who = await _app.NewLicensee("Planted Co");
        var licensee = _app.ClientFor(who.ApiKey);
        var provider = await _app.As(Caller.ProviderRole, providerId: await _app.ProviderOf(who.LicenseeId));
        var official = await _app.As(Caller.LicensingOfficialRole);
        var officer = await _app.As(Caller.PrivacyOfficerRole);

        var body = CustomerRecordsTests.Record(who.LicenseeId, "Planted Co", "planted");
        ((Dictionary<string, Dictionary<string, string>>)body["categories"]!)["identification"]["security_personnel_ssn_last4"] = "4826";
        ((Dictionary<string, Dictionary<string, string>>)body["categories"]!)["customer_information"]["payment_information"] = "card 55512345678901";
        var record = await provider.PostJson("/v1/customers", body).Ok(HttpStatusCode.Created);
        var recordId = (string)record["id"]!;
        var app = await licensee.PostJson("/v1/applications", LicensingClient.Form("20260")).Ok(HttpStatusCode.Created);
        await provider.PostJson($"/v1/applications/{app["id"]}/transmission", new { }).Ok();
        await official.GetAsync($"/v1/applications/{app["id"]}").Ok();
        await official.PostJson($"/v1/applications/{app["id"]}/decision", new { decision = "approve" }).Ok();
        await licensee.PostJson("/v1/customers/search", new { logon_id = "planted" }).Ok();
        await official.GetAsync($"/v1/customers/{recordId}").Ok();
        var amendment = await licensee.PostJson("/v1/privacy-requests", new { kind = "amendment", record_id = recordId, changes = new { customer_information = new { email = "jane.new@mailer.example" } } }).Ok(HttpStatusCode.Created);
        await officer.PostJson($"/v1/privacy-requests/{amendment["id"]}/verification", new { method = "notarized_statement" }).Ok();
        await officer.PostJson($"/v1/privacy-requests/{amendment["id"]}/decision", new { decision = "accept" }).Ok();
        var inquiry = await licensee.PostJson("/v1/privacy-requests", new { kind = "inquiry", logon_id = "planted" }).Ok(HttpStatusCode.Created);
        await officer.PostJson($"/v1/privacy-requests/{inquiry["id"]}/verification", new { method = "notarized_statement" }).Ok();
        await licensee.GetAsync($"/v1/privacy-requests/{inquiry["id"]}/report").Ok();
        // The values are really there, behind the record's key.
        Assert.Contains("jane.new@mailer.example", (await licensee.GetAsync($"/v1/customers/{recordId}").Ok()).ToJsonString());

        var sources = new Dictionary<string, string>();
        foreach (var file in new[] { "ibis.db", "ibis.db-wal", "ibis.db-shm" }.Select(f => Path.Combine(_app.DataDirectory, f)).Where(File.Exists))
            sources[Path.GetFileName(file)] = Encoding.Latin1.GetString(await RetentionTests.ReadShared(file));
        sources["server logs"] = _logs.Text;
        Assert.True(sources["server logs"].Length > 1000, "the logs were captured");
        Assert.Contains("ibis.db-wal", sources.Keys);

        var hits = new List<string>();
        foreach (var (name, text) in sources)
        {
            foreach (var value in Planted)
            {
                if (text.Contains(value, StringComparison.OrdinalIgnoreCase)) hits.Add($"{value} in {name}");
                var utf16 = Encoding.Latin1.GetString(Encoding.Unicode.GetBytes(value));
                if (text.Contains(utf16, StringComparison.Ordinal)) hits.Add($"{value} (UTF-16) in {name}");
            }
            // SSN last fours as numbers of their own (not inside longer digit runs such as timestamps).
            foreach (var ssn in new[] { "7391", "4826" })
                if (Regex.IsMatch(text, $@"(?<![0-9]){ssn}(?![0-9])")) hits.Add($"SSN-4 {ssn} in {name}");
        }
        Assert.True(hits.Count == 0, string.Join("\n", hits));
    }

    private sealed class CapturedLogs : ILoggerProvider
    {
        private readonly ConcurrentQueue<string> _lines = new();

        public string Text => string.Join("\n", _lines);

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
        }
    }
}
