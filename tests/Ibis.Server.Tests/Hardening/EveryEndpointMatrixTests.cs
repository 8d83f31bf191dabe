using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Ibis.Server.Auth;
using Ibis.Server.Installation;
using Ibis.Server.Tests.Infrastructure;
using Ibis.Server.Tests.Licensing;
using Ibis.Server.Tests.Organisations;
using Ibis.Server.Tests.Psd;
using Ibis.Testing;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Ibis.Server.Tests.Hardening;

/// <summary>
/// Issue 16 "Proof" and issue 11 item 12: the authorization matrix over <b>every</b> endpoint of the app
/// (API and portal pages, read from its EndpointDataSource). Each endpoint has a row in
/// <see cref="MatrixRows"/>; an endpoint without one fails the test by name. Every endpoint is called as
/// every role with a sandbox (test) credential and with a live one, on its own tenant's records, another
/// tenant's records of the same mode, and the other mode's records:
/// <list type="bullet">
/// <item>a role the row does not name is refused (403, or 404 where the record is scoped to the caller);</item>
/// <item>a role the row names gets past access control on its own tenant's records (never 401/403, never 5xx);</item>
/// <item>another tenant's record answers 404 (or 403 for a role refused anyway) — never 2xx, and never a
/// state answer (409/400) that would tell it exists;</item>
/// <item>nothing of the other mode is reachable: sandbox credentials reach sandbox records only, live ones live records only;</item>
/// <item>a list never names another tenant's or the other mode's records; reduced views lack the fields the role may not see.</item>
/// </list>
/// One installation holds both: the sandbox tenant (made at start) and a live provider and licensee
/// onboarded through the real services (admin init → provider → licensee → 3601-A → license → account →
/// lease → commissioned device → confirmed deposit → reset → print), every live credential an invited user's.
/// </summary>
public abstract class EveryEndpointMatrixTests(Func<IbisApp> app)
{
    private IbisApp App => app();

    private sealed record Tenant(string Name, bool Live, Dictionary<string, string> Ids)
    {
        public string LicenseeId => Ids["licenseeId"];
    }

    private sealed record World(Tenant SandboxOwn, Tenant SandboxOther, Tenant LiveOwn, Tenant LiveOther, Dictionary<(string Role, bool Live), HttpClient> Keys, Dictionary<(string Role, bool Live), HttpClient> Sessions);

    private static readonly SemaphoreSlim Once = new(1, 1);
    private static readonly Dictionary<IbisApp, Task<World>> Worlds = [];

    /// <summary>One world per app, built once for all tests of the class (a failure to build is kept, not retried).</summary>
    private async Task<World> TheWorld()
    {
        await Once.WaitAsync();
        try
        {
            if (!Worlds.TryGetValue(App, out var world)) Worlds[App] = world = Build();
            return await world;
        }
        finally
        {
            Once.Release();
        }
    }

    /// <summary>Every endpoint of the app as "METHOD /pattern" (pages as "GET /page").</summary>
    private List<string> Endpoints() =>
        App.Services.GetServices<EndpointDataSource>().SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => $"{m} /{e.RoutePattern.RawText!.Trim('/')}"))
            .Where(e => !e.EndsWith("/Index", StringComparison.OrdinalIgnoreCase))
            .Distinct().Order(StringComparer.Ordinal).ToList();

    [SkippableFact]
    public void EveryEndpoint_HasARow()
    {
        var endpoints = Endpoints();
        var missing = endpoints.Where(e => !MatrixRows.Rows.ContainsKey(e)).ToList();
        var stale = MatrixRows.Rows.Keys.Where(k => !endpoints.Contains(k)).ToList();
        Assert.True(missing.Count == 0, "endpoints without a row in MatrixRows (add one saying who may call it):\n" + string.Join("\n", missing));
        Assert.True(stale.Count == 0, "rows for endpoints that no longer exist:\n" + string.Join("\n", stale));
    }

    /// <summary>
    /// Tables a read is supposed to write to: the logs of who read what. notice 820.100 wants every read of a
    /// customer record logged (record_access_log, with the logon records of the people who read), and the
    /// Postal Service's oversight reads of devices and cases are logged for the provider (oversight_reads).
    /// data_protection_keys may gain the ring's first key on the first page a session opens.
    /// </summary>
    /// webhook_events is the outbox its dispatcher works through in the background (attempts, delivery state),
    /// whatever the requests of the moment are.
    private static readonly HashSet<string> ReadLogs = ["record_access_log", "logon_records", "oversight_reads", "data_protection_keys", "webhook_events"];

    /// <summary>Issue 16 item 3: no state change on GET — every GET endpoint as every role, live and sandbox, leaves every other table as it was.</summary>
    [SkippableFact]
    public async Task EveryGet_AsEveryRole_ChangesNoTable_ButTheReadLogs()
    {
        var world = await TheWorld();
        var before = await Snapshot();
        var calls = 0;
        foreach (var endpoint in Endpoints().Where(e => e.StartsWith("GET ", StringComparison.Ordinal)))
        {
            var page = MatrixRows.Rows.TryGetValue(endpoint, out var row) ? row.Page : !endpoint.StartsWith("GET /v1", StringComparison.Ordinal);
            foreach (var live in new[] { false, true })
                foreach (var role in Caller.Roles)
                {
                    var client = page ? world.Sessions.GetValueOrDefault((role, live)) : world.Keys[(role, live)];
                    if (client is null) continue;
                    await Call(client, endpoint, live ? world.LiveOwn : world.SandboxOwn);
                    calls++;
                }
        }
        var after = await Snapshot();
        var changed = before.Keys.Union(after.Keys).Where(t => !ReadLogs.Contains(t) && before.GetValueOrDefault(t) != after.GetValueOrDefault(t)).Order().ToList();
        Assert.True(calls > 1000, $"only {calls} GET calls made");
        Assert.True(changed.Count == 0, "tables changed by GET requests: " + string.Join(", ", changed));
    }

    /// <summary>Who calls: every role, and a caller without credentials.</summary>
    private const string NoCredentials = "no credentials";

    private static readonly string[] Callers = [.. Caller.Roles, NoCredentials];

    /// <summary>The roles that act for one organisation's records; every other role serves the Postal Service over a whole mode.</summary>
    private static bool TenantRole(string role) => role is Caller.LicenseeRole or Caller.ProviderRole;

    /// <summary>One cell: an endpoint called by a role of one mode on one tenant's records.</summary>
    private sealed record Cell(MatrixRow Row, string Role, bool Live, string Target, Tenant Tenant)
    {
        public bool Allowed => Row.Scope == Scope.Public || (Role != NoCredentials && Row.Roles.Contains(Role));

        /// <summary>An allowed change on the caller's own records: it may really change them, so it runs after every other cell.</summary>
        public bool Mutating => Allowed && Target == "own" && !Row.Endpoint.StartsWith("GET ", StringComparison.Ordinal) && Row.Scope != Scope.Public;

        public override string ToString() => $"{Row.Endpoint} as {Role} ({(Live ? "live" : "sandbox")}) on {Target} ({Tenant.Name})";
    }

    /// <summary>
    /// Issue 16 "Proof", issue 11 item 12: every endpoint × every role and no credentials × own tenant, another
    /// tenant and the other mode × live and sandbox answers as its row says (the rules are in endpoint-matrix.txt's
    /// header). All differing cells are reported together.
    /// </summary>
    [SkippableFact]
    public async Task EveryCell_AnswersAsItsRowSays()
    {
        var world = await TheWorld();
        var anonymous = App.CreateClient();
        var cells = new List<Cell>();
        foreach (var row in MatrixRows.Rows.Values.OrderBy(r => r.Endpoint, StringComparer.Ordinal))
            foreach (var live in new[] { false, true })
                foreach (var role in Callers)
                {
                    var own = live ? world.LiveOwn : world.SandboxOwn;
                    cells.Add(new Cell(row, role, live, "own", own));
                    // Another tenant's and the other mode's records: only where the route names a record of a tenant.
                    if (row.Scope is not (Scope.Owned or Scope.Unprobed) || !NamesRecord(row.Endpoint) || role == NoCredentials) continue;
                    // (Only with an id the target holds: another tenant's id that does not exist proves nothing.)
                    var other = live ? world.LiveOther : world.SandboxOther;
                    var otherMode = live ? world.SandboxOwn : world.LiveOwn;
                    if (TenantRole(role) && NamesKnownRecord(row.Endpoint, other)) cells.Add(new Cell(row, role, live, "another tenant", other));
                    if (NamesKnownRecord(row.Endpoint, otherMode)) cells.Add(new Cell(row, role, live, "the other mode", otherMode));
                }

        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        async Task Probe(Cell cell)
        {
            var client = ClientOf(world, cell, anonymous);
            if (client is null) { failures.Add($"{cell}: the fixture has no such caller"); return; }
            var (status, body) = await Call(client, cell.Row.Endpoint, cell.Tenant);
            if (Judge(cell, status, body, world) is { } expected)
                failures.Add($"{cell}: expected {expected}, got {status} {Short(body)}");
        }

        // Every cell that must not change anything, many at a time; then the allowed changes one by one, the
        // creations first and the ends of things (withdrawals, closings, deletions) last.
        using var gate = new SemaphoreSlim(8);
        await Task.WhenAll(cells.Where(c => !c.Mutating).Select(async c =>
        {
            await gate.WaitAsync();
            try { await Probe(c); } finally { gate.Release(); }
        }));
        foreach (var cell in cells.Where(c => c.Mutating).OrderBy(c => Lateness(c.Row.Endpoint)).ThenBy(c => c.Row.Endpoint, StringComparer.Ordinal))
            await Probe(cell);

        var sorted = failures.Order(StringComparer.Ordinal).ToList();
        Assert.True(sorted.Count == 0, $"{sorted.Count} of {cells.Count} cells differ from their rows:\n" + string.Join("\n", sorted));
    }

    /// <summary>
    /// Issue 16 item 2: fields, not only status codes. The customer record (notice 820.100) and the transmitted Form 3601-A
    /// each role reads show no field beyond its view in <see cref="Domain.Customers.CustomerFieldPolicy"/> (docs/security.md
    /// "Customer records: who sees which fields"); a role whose view is empty is not shown the record; a role that sees
    /// everything is shown the whole form. Live and sandbox.
    /// </summary>
    [SkippableFact]
    public async Task CustomerRecordAndForm_ShowEachRoleOnlyTheFieldsOfItsDuty()
    {
        var world = await TheWorld();
        var failures = new List<string>();
        foreach (var live in new[] { false, true })
            foreach (var role in Caller.Roles)
            {
                var tenant = live ? world.LiveOwn : world.SandboxOwn;
                var key = world.Keys[(role, live)];
                var where = $"{role} ({Mode(live)})";

                var view = Domain.Customers.CustomerFieldPolicy.Record(role);
                var (status, body) = await Call(key, "GET /v1/customers/{recordId}", tenant);
                if (status == 200)
                {
                    var record = JsonNode.Parse(body)!;
                    if (view.IsEmpty) failures.Add($"{where} reads a customer record its duty does not need");
                    var categories = record["categories"]!.AsObject();
                    foreach (var (category, fields) in categories)
                        foreach (var (field, _) in fields!.AsObject())
                            if (!view.Shows(category, field)) failures.Add($"{where} is shown the customer record's {category}.{field}");
                    if (view.All && categories.Count == 0) failures.Add($"{where} is shown none of the customer record");
                    if (!view.Ach && record["ach"] is JsonArray { Count: > 0 }) failures.Add($"{where} is shown the ACH records");
                }
                else if (!view.IsEmpty && role is Caller.LicenseeRole or Caller.ProviderRole or Caller.PrivacyOfficerRole or Caller.LicensingOfficialRole)
                    failures.Add($"{where} cannot read the customer record its duty needs: {status} {Short(body)}");
                else if (status is not (403 or 404)) failures.Add($"{where} reading a customer record: expected 403 or 404, got {status}");

                var form = Domain.Customers.CustomerFieldPolicy.Form(role);
                (status, body) = await Call(key, "GET /v1/applications/{applicationId}", tenant);
                if (status == 200)
                {
                    var shown = JsonNode.Parse(body)!["form"] as JsonObject;
                    if (form.IsEmpty && shown is { Count: > 0 }) failures.Add($"{where} is shown a Form 3601-A its duty does not need");
                    foreach (var (field, _) in shown ?? new JsonObject())
                        if (!form.Shows(field)) failures.Add($"{where} is shown the 3601-A's {field}");
                    if (form.All && (shown is null || !shown.ContainsKey("applicant_name") || !shown.ContainsKey("mailing_address")))
                        failures.Add($"{where} is not shown the whole 3601-A: {Short(shown?.ToJsonString() ?? "no form")}");
                }
                else if (status is not (403 or 404)) failures.Add($"{where} reading an application: expected 200, 403 or 404, got {status}");
            }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>Changes that end or remove something run after every other change, so the others find their records.</summary>
    private static int Lateness(string endpoint) =>
        endpoint.Contains("relationship-end", StringComparison.Ordinal) ? 4
        : endpoint.StartsWith("DELETE ", StringComparison.Ordinal) ? 3
        : Regex.IsMatch(endpoint, "withdrawal|closing|revocation|relationship-end|check-out|retrieval|loss-report|suspect|rotation|status$") ? 2
        : NamesRecord(endpoint) ? 1 : 0;

    private static HttpClient? ClientOf(World world, Cell cell, HttpClient anonymous) =>
        cell.Role == NoCredentials ? anonymous
        : cell.Row.Page ? world.Sessions.GetValueOrDefault((cell.Role, cell.Live))
        : world.Keys.GetValueOrDefault((cell.Role, cell.Live));

    /// <summary>A list: a GET whose route ends in a collection (or any page); it filters rather than refuses another tenant's records.</summary>
    private static bool IsList(MatrixRow row) => row.Page || (row.Endpoint.StartsWith("GET ", StringComparison.Ordinal) && !row.Endpoint.EndsWith('}'));

    /// <summary>What the cell should have answered, or null when it did. The rules are written in endpoint-matrix.txt's header.</summary>
    private static string? Judge(Cell cell, int status, string body, World world)
    {
        var row = cell.Row;
        if (status >= 500) return "no 5xx";
        // (A public sign-in answers 401 to wrong credentials: that is its answer, not a refusal of the caller.)
        if (row.Scope == Scope.Public) return status == 403 ? "anyone (public)" : null;
        if (cell.Role == NoCredentials) return status == 401 ? null : "401 (no credentials)";
        var record = NamesRecord(row.Endpoint);
        if (!cell.Allowed)
        {
            // The portal does not show a page a role has no use for: its 404 page.
            if (row.Page) return status is 403 or 404 ? null : "the portal's 403 or 404 page";
            // A record row may hide the record from a role that sees none of its kind; a list, a creation or a global row refuses.
            if (record && row.Scope is Scope.Owned or Scope.Unprobed) return status is 403 or 404 ? null : "403 or 404 (refused)";
            return status == 403 ? null : "403 (refused)";
        }
        if (cell.Target != "own")
        {
            if (IsList(row)) return status == 404 || (status is >= 200 and < 300 && !Leaks(body, cell.Tenant)) ? null : $"404 or a list without {cell.Tenant.Name}'s records";
            // A certificate is public (GET /v1/certificates/{serial}): the other mode's is refused as such, not hidden.
            if (status == 403 && row.Endpoint.Contains("{serial}", StringComparison.Ordinal) && body.Contains("\"mode_mismatch\"", StringComparison.Ordinal)) return null;
            return status == 404 ? null : "404 (another tenant's or the other mode's record is not found)";
        }
        // A live-only operation (the ACH round trip) refuses a sandbox key whatever its role.
        if (status == 403 && !cell.Live && body.Contains("\"mode_mismatch\"", StringComparison.Ordinal)) return null;
        if (status is 401 or 403) return "not 401/403 (allowed)";
        if (status == 404 && record && row.Scope == Scope.Owned && NamesKnownRecord(row.Endpoint, cell.Tenant) && !cell.Mutating)
            return "not 404 (its own record)";
        // A list names no record of another tenant (for the tenant roles) nor of the other mode (for anyone).
        if (IsList(row) && status is >= 200 and < 300)
        {
            var foreign = new List<Tenant> { cell.Live ? world.SandboxOwn : world.LiveOwn, cell.Live ? world.SandboxOther : world.LiveOther };
            if (TenantRole(cell.Role)) foreign.Add(cell.Live ? world.LiveOther : world.SandboxOther);
            if (foreign.FirstOrDefault(t => Leaks(body, t)) is { } leaked) return $"a list without {leaked.Name}'s records";
        }
        return null;
    }

    /// <summary>Each table's row count and a hash of every row's values (read through the EF model, so every mapped table is covered).</summary>
    private Task<Dictionary<string, string>> Snapshot() => App.WithDb(async db =>
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var set = typeof(DbContext).GetMethod(nameof(DbContext.Set), Type.EmptyTypes)!;
        foreach (var type in db.Model.GetEntityTypes().Where(t => !t.IsOwned() && t.FindPrimaryKey() is not null && t.GetTableName() is not null && t.ClrType != typeof(Dictionary<string, object>)))
        {
            var query = (IQueryable<object>)set.MakeGenericMethod(type.ClrType).Invoke(db, null)!;
            var rows = await query.AsNoTracking().ToListAsync();
            var text = string.Join("\n", rows.Select(r => System.Text.Json.JsonSerializer.Serialize(r, type.ClrType)).Order(StringComparer.Ordinal));
            result[type.GetTableName()!] = rows.Count + ":" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(text)));
        }
        return result;
    });

    /// <summary>Reduced views: the roles whose duty needs less see less (issue 16 item 2).</summary>
    private static readonly Tenant Nowhere = new("nowhere", false, []);

    private static string Mode(bool live) => live ? "live" : "sandbox";

    private static string Short(string body) => body.Length <= 200 ? body : body[..200];

    /// <summary>A list leaks when it names the target tenant's licensee, device or account.</summary>
    private static bool Leaks(string body, Tenant target) =>
        new[] { "licenseeId", "deviceId", "accountId", "applicationId", "licenseId", "recordId" }
            .Any(k => target.Ids.TryGetValue(k, out var id) && body.Contains(id, StringComparison.Ordinal));

    /// <summary>A request as the matrix sends it: the route's ids are the target tenant's, a GET names a purpose, a change carries its row's body.</summary>
    private async Task<(int Status, string Body)> Call(HttpClient client, string endpoint, Tenant target)
    {
        var space = endpoint.IndexOf(' ', StringComparison.Ordinal);
        var method = endpoint[..space];
        var pattern = endpoint[(space + 1)..];
        var path = Regex.Replace(pattern, @"([\w.-]+)/\{([^}:?]+)(:[^}]+)?\??\}", m => m.Groups[1].Value + "/" + Uri.EscapeDataString(IdFor(m.Groups[1].Value, m.Groups[2].Value, target)));
        var (query, body) = MatrixRequests.For(endpoint);
        // Oversight reads and customer record reads name their purpose (logged); every other read ignores it.
        var url = path + "?" + (query is null ? "" : Fill(query, target) + "&") + "purpose=authorization%20matrix";
        var request = new HttpRequestMessage(new HttpMethod(method), url);
        request.Headers.Add("Ibis-Purpose", "service_and_support");
        if (method is not ("GET" or "HEAD"))
            request.Content = new StringContent(Fill(body ?? "{}", target), Encoding.UTF8, "application/json");
        var response = await client.SendAsync(request);
        var status = (int)response.StatusCode;
        // A page that refuses a signed-in user sends it to the status page (or sign-in); read where it ended as its status.
        var landed = response.RequestMessage?.RequestUri?.AbsolutePath ?? path;
        if (!string.Equals(landed, path, StringComparison.OrdinalIgnoreCase))
        {
            var code = Regex.Match(landed, @"^/status/(\d{3})");
            if (code.Success) status = int.Parse(code.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            else if (landed.StartsWith("/login", StringComparison.OrdinalIgnoreCase)) status = 401;
        }
        return (status, await response.Content.ReadAsStringAsync());
    }

    /// <summary>A route parameter's value: the tenant's id of that name; pages name every record {id}, and the segment before it says which.</summary>
    private static string IdFor(string segment, string name, Tenant target)
    {
        if (name == "id" && IdOfSegment.TryGetValue(segment, out var key)) name = key;
        return target.Ids.GetValueOrDefault(name, Unknown);
    }

    private static readonly Dictionary<string, string> IdOfSegment = new(StringComparer.Ordinal)
    {
        ["devices"] = "deviceId", ["accounts"] = "accountId", ["requests"] = "requestId", ["refunds"] = "refundId", ["indicia"] = "indiciumId",
        ["activity-reports"] = "activityReportId", ["webhook_endpoints"] = "webhookId",
    };

    /// <summary>The id sent where the fixture has no record of the kind: a well-formed miss.</summary>
    private const string Unknown = "x";

    /// <summary>Whether the route names a record of a tenant the fixture holds (so an allowed caller must find it).</summary>
    private static bool NamesKnownRecord(string endpoint, Tenant target) =>
        Regex.Matches(endpoint, @"([\w.-]+)/\{([^}:?]+)(:[^}]+)?\??\}").Any(m => m.Groups[2].Value is not ("zip" or "month" or "documentName" or "code")
            && IdFor(m.Groups[1].Value, m.Groups[2].Value, target) != Unknown);

    /// <summary>Whether the route names a record at all (a tenant's, known to the fixture or not).</summary>
    private static bool NamesRecord(string endpoint) =>
        Regex.Matches(endpoint, @"\{([^}:?]+)").Any(m => m.Groups[1].Value is not ("zip" or "month" or "documentName" or "code"));

    /// <summary>Replaces {name} in a body or query with the target tenant's id of that name.</summary>
    private static string Fill(string template, Tenant target) =>
        Regex.Replace(template, @"\{(\w+)\}", m => target.Ids.GetValueOrDefault(m.Groups[1].Value, Unknown));

    // ---- the installation: sandbox tenants and a live tenant through the real services ----

    private async Task<World> Build()
    {
        var sandbox = App.Sandbox;
        var sandboxOwn = await SandboxTenant("sandbox own", sandbox.DeviceId);
        var movedAfter = DateTimeOffset.UtcNow;
        var other = await App.NewLicensee("Matrix Other Co");
        var otherProvider = Ibis.Domain.Ids.New("prv");
        await App.WithDb(async db =>
        {
            db.Providers.Add(new Data.Entities.ProviderRow { Id = otherProvider, Name = "Other Sandbox Provider", Sandbox = true, CreatedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
            await db.Licensees.Where(l => l.Id == other.LicenseeId).ExecuteUpdateAsync(s => s.SetProperty(l => l.ProviderId, otherProvider));
            await db.Leases.Where(l => l.LicenseeId == other.LicenseeId).ExecuteUpdateAsync(s => s.SetProperty(l => l.ProviderId, otherProvider));
            // The transmissions the sandbox provider made while setting the other licensee up (its device's audit) are the other provider's now.
            // (Filtered in memory: SQLite does not compare DateTimeOffset in SQL.)
            foreach (var t in (await db.Transmissions.Where(t => t.ProviderId == sandboxOwn.Ids["providerId"]).ToListAsync()).Where(t => t.CreatedAt >= movedAfter))
                t.ProviderId = otherProvider;
            await db.SaveChangesAsync();
            return await db.Devices.Where(d => d.LicenseeId == other.LicenseeId).ExecuteUpdateAsync(s => s.SetProperty(d => d.ProviderId, otherProvider));
        });
        var sandboxOther = await SandboxTenant("sandbox other", other.DeviceId);

        var keys = new Dictionary<(string, bool), HttpClient>();
        var sessions = new Dictionary<(string, bool), HttpClient>();
        foreach (var role in Caller.Roles)
        {
            keys[(role, false)] = await App.As(role, role == Caller.LicenseeRole ? sandboxOwn.LicenseeId : null, role == Caller.ProviderRole ? sandboxOwn.Ids["providerId"] : null);
            var login = sandbox.Logins.FirstOrDefault(l => l.Role == role);
            if (login is not null && (role is not Caller.LicenseeRole || sandboxOwn.LicenseeId == await LicenseeOfLogin(login.Email)))
                sessions[(role, false)] = await SignIn(login.Email, login.Password);
        }
        var live = await LiveTenant(keys, sessions);
        var liveOther = await OtherLiveTenant(keys[(Caller.PostalRole, true)]);
        return new World(sandboxOwn, sandboxOther, live, liveOther, keys, sessions);
    }

    private Task<string?> LicenseeOfLogin(string email) => App.WithDb(db => db.Users.Where(u => u.Email == email).Select(u => u.LicenseeId).FirstOrDefaultAsync());

    private async Task<HttpClient> SignIn(string email, string password)
    {
        var session = App.CreateClient();
        var signedIn = await session.PostJson("/v1/sessions", new { email, password });
        Assert.True(signedIn.IsSuccessStatusCode, $"{email}: {(int)signedIn.StatusCode} {await signedIn.Content.ReadAsStringAsync()}");
        return session;
    }

    /// <summary>The ids of a licensee's records (the sandbox's, made at start or by NewLicensee), for the route parameters.</summary>
    private async Task<Tenant> SandboxTenant(string name, string deviceId)
    {
        var licenseeId = await App.WithDb(db => db.Devices.Where(d => d.Id == deviceId).Select(d => d.LicenseeId!).SingleAsync());
        // A customer record and a refused application make the licensing rows reachable.
        var key = await App.As(Caller.LicenseeRole, licenseeId);
        await key.PostJson("/v1/customers", Customers.CustomerRecordsTests.Record(licenseeId, name, name.Replace(" ", "", StringComparison.Ordinal)));
        await key.PostJson("/v1/applications", LicensingClient.Form("20260"));
        var printed = await key.Print(deviceId);
        Assert.True(printed.IsSuccessStatusCode, await printed.Content.ReadAsStringAsync());
        return new Tenant(name, false, await IdsOf(licenseeId, deviceId));
    }

    private async Task<Dictionary<string, string>> IdsOf(string licenseeId, string deviceId) => await App.WithDb(async db =>
    {
        var ids = new Dictionary<string, string> { ["licenseeId"] = licenseeId, ["deviceId"] = deviceId, ["id"] = "x" };
        void Put(string key, string? value) { if (value is not null) ids[key] = value; }
        Put("providerId", await db.Licensees.Where(l => l.Id == licenseeId).Select(l => l.ProviderId).FirstOrDefaultAsync());
        Put("accountId", await db.DepositAccounts.Where(a => a.LicenseeId == licenseeId).Select(a => a.Id).FirstOrDefaultAsync());
        Put("licenseId", await db.Licenses.Where(l => l.LicenseeId == licenseeId).Select(l => l.Id).FirstOrDefaultAsync());
        Put("applicationId", await db.LicenseApplications.Where(a => a.LicenseeId == licenseeId).Select(a => a.Id).FirstOrDefaultAsync());
        Put("recordId", await db.CustomerRecords.Where(r => r.LicenseeId == licenseeId).Select(r => r.Id).FirstOrDefaultAsync());
        Put("indiciumId", await db.Indicia.Where(i => i.DeviceId == deviceId).Select(i => i.Id).FirstOrDefaultAsync());
        var providerId = ids.GetValueOrDefault("providerId");
        Put("transmissionId", await db.Transmissions.Where(t => t.ProviderId == providerId).OrderBy(t => t.Id).Select(t => t.Id).FirstOrDefaultAsync());
        Put("depositId", await db.Deposits.Where(d => db.DepositAccounts.Any(a => a.Id == d.AccountId && a.LicenseeId == licenseeId)).Select(d => d.Id).FirstOrDefaultAsync());
        Put("userId", await db.Users.Where(u => u.LicenseeId == licenseeId).Select(u => u.Id).FirstOrDefaultAsync());
        Put("keyId", await db.ApiKeys.Where(k => k.LicenseeId == licenseeId).Select(k => k.Id).FirstOrDefaultAsync());
        Put("serial", (await db.Devices.Where(d => d.Id == deviceId).Select(d => (long?)d.CertificateSerial).FirstOrDefaultAsync())?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Put("month", DateTime.UtcNow.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture));
        Put("zip", "20260");
        Put("today", DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        Put("yesterday", DateTime.UtcNow.AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        return ids;
    });

    /// <summary>A live installation beside the sandbox: init, the Postal Service's users, an authorized provider, a licensee printing live postage.</summary>
    private async Task<Tenant> LiveTenant(Dictionary<(string, bool), HttpClient> keys, Dictionary<(string, bool), HttpClient> sessions)
    {
        InitializedInstallation init;
        await using (var scope = App.Services.CreateAsyncScope())
            init = await scope.ServiceProvider.GetRequiredService<InitializeInstallation>().Handle(new InitializeInstallationCommand("admin@usps.matrix.example", false), default);
        var (adminSession, postal, _) = await NewUser.Join(App, init.AdministratorInvitation.Code);
        keys[(Caller.PostalRole, true)] = postal;
        sessions[(Caller.PostalRole, true)] = adminSession;
        foreach (var role in Caller.Roles.Where(r => r is not (Caller.LicenseeRole or Caller.ProviderRole or Caller.PostalRole)))
        {
            var invite = await adminSession.PostJson("/v1/invitations", new { email = $"{role}@usps.matrix.example", role }).Ok(HttpStatusCode.Created);
            var (session, key, _) = await NewUser.Join(App, (string)invite["code"]!);
            keys[(role, true)] = key;
            sessions[(role, true)] = session;
        }
        var prices = Rates.PriceLists.Edited("usps-live-matrix", DateOnly.FromDateTime(DateTime.UtcNow), "0.740");
        var loaded = await postal.PostAsync("/v1/rate-tables", new StringContent(prices, Encoding.UTF8, "application/json"));
        Assert.True(loaded.IsSuccessStatusCode, await loaded.Content.ReadAsStringAsync());
        var official = keys[(Caller.LicensingOfficialRole, true)];
        var authorized = await postal.PostJson("/v1/providers", new { name = "Live Matrix Provider", authorized_on = "2026-12-01", administrator_email = "ops@provider.matrix.example" }).Ok(HttpStatusCode.Created);
        var (providerSession, provider, _) = await NewUser.Join(App, (string)authorized["administrator_invitation"]!["code"]!);
        keys[(Caller.ProviderRole, true)] = provider;
        sessions[(Caller.ProviderRole, true)] = providerSession;
        var onboarded = await provider.PostJson("/v1/licensees", new { name = "Live Matrix Mailer", administrator_email = "owner@mailer.matrix.example" }).Ok(HttpStatusCode.Created);
        var licenseeId = (string)onboarded["licensee"]!["id"]!;
        var (licenseeSession, licensee, _) = await NewUser.Join(App, (string)onboarded["administrator_invitation"]!["code"]!);
        keys[(Caller.LicenseeRole, true)] = licensee;
        sessions[(Caller.LicenseeRole, true)] = licenseeSession;

        await licensee.PostJson("/v1/customers", Customers.CustomerRecordsTests.Record(licenseeId, "Live Matrix Mailer", "LiveMatrixMailer")).Ok(HttpStatusCode.Created);
        var application = await licensee.PostJson("/v1/applications", LicensingClient.Form("20260")).Ok(HttpStatusCode.Created);
        await provider.PostJson($"/v1/applications/{application["id"]}/transmission", new { }).Ok();
        var licenseId = (string)(await official.PostJson($"/v1/applications/{application["id"]}/decision", new { decision = "approve" }).Ok())["license_id"]!;
        var account = (string)(await provider.PostJson("/v1/accounts", new { licensee_id = licenseeId, deposit_requirement_acknowledged = true }).Ok(HttpStatusCode.Created))["id"]!;
        var lease = (string)(await provider.PostJson("/v1/leases", new { licensee_id = licenseeId, license_id = licenseId, signed_by = "Pat Baker", signed_on = "2026-12-05", resetting_account_id = account }).Ok(HttpStatusCode.Created))["id"]!;
        var device = (string)(await provider.PostJson("/v1/devices", new { }).Ok(HttpStatusCode.Created))["id"]!;
        await provider.PostJson($"/v1/devices/{device}/inspection", new { passed = true }).Ok();
        await provider.PostJson($"/v1/devices/{device}/commissioning", new { lease_id = lease }).Ok();
        // No live deposit here: beside the sandbox the payment gateway is the sandbox's, which serves sandbox
        // accounts only (payment_gateway_sandbox_only, issue 11 item 10); LiveOnboardingTests funds and prints live.
        return new Tenant("live", true, await IdsOf(licenseeId, device));
    }

    /// <summary>Another live organisation: a second authorized provider and its customer (a customer record, an application, a device in its inventory).</summary>
    private async Task<Tenant> OtherLiveTenant(HttpClient postal)
    {
        var authorized = await postal.PostJson("/v1/providers", new { name = "Other Live Provider", authorized_on = "2026-12-01", administrator_email = "ops@other.matrix.example" }).Ok(HttpStatusCode.Created);
        var (_, provider, _) = await NewUser.Join(App, (string)authorized["administrator_invitation"]!["code"]!);
        var onboarded = await provider.PostJson("/v1/licensees", new { name = "Other Live Mailer", administrator_email = "owner@other.matrix.example" }).Ok(HttpStatusCode.Created);
        var licenseeId = (string)onboarded["licensee"]!["id"]!;
        var (_, licensee, _) = await NewUser.Join(App, (string)onboarded["administrator_invitation"]!["code"]!);
        await licensee.PostJson("/v1/customers", Customers.CustomerRecordsTests.Record(licenseeId, "Other Live Mailer", "OtherLiveMailer")).Ok(HttpStatusCode.Created);
        await licensee.PostJson("/v1/applications", LicensingClient.Form("20261")).Ok(HttpStatusCode.Created);
        var device = (string)(await provider.PostJson("/v1/devices", new { }).Ok(HttpStatusCode.Created))["id"]!;
        return new Tenant("another live tenant", true, await IdsOf(licenseeId, device));
    }
}

[Collection("sqlite")]
public sealed class SqliteEveryEndpointMatrixTests(SqliteAppFixture f) : EveryEndpointMatrixTests(() => f.App), IClassFixture<SqliteAppFixture>;

[Collection("postgres")]
public sealed class PostgresEveryEndpointMatrixTests(PostgresAppFixture f) : EveryEndpointMatrixTests(() => f.App), IClassFixture<PostgresAppFixture>;
