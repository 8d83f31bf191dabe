using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ibis.Load;

/// <summary>What <c>setup</c> is asked to make.</summary>
public sealed record SetupOptions
{
    public const int MaxDevices = 2000;

    public required Uri Url { get; init; }
    /// <summary>The first Postal Service administrator's one-time code, from <c>admin init</c>.</summary>
    public required string AdminCode { get; init; }
    public string AdminEmail { get; init; } = "admin@usps.example";
    public int Devices { get; init; } = 100;
    public int DevicesPerLicensee { get; init; } = 1;
    /// <summary>A price list in the ibis-rate-table/1 format, not a sample (live postage is never priced from one).</summary>
    public required string RateTablePath { get; init; }
    public string Deposit { get; init; } = "20000.000";
    public string InitialReset { get; init; } = "400.000";
    public int Parallel { get; init; } = 4;
    public required string OutPath { get; init; }

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Url.Scheme is not ("http" or "https")) errors.Add("--url must be http:// or https://");
        if (!Url.IsLoopback) errors.Add($"--url must point at a loopback address, not '{Url.Host}'");
        if (!AdminCode.StartsWith("ibis_inv_", StringComparison.Ordinal)) errors.Add("--admin-code must be the ibis_inv_… code printed by `admin init`");
        if (Devices is < 1 or > MaxDevices) errors.Add($"--devices must be 1..{MaxDevices}");
        if (DevicesPerLicensee is < 1 or > 100) errors.Add("--devices-per-licensee must be 1..100");
        if (!File.Exists(RateTablePath)) errors.Add($"--rate-table: no file '{RateTablePath}'");
        if (Parallel is < 1 or > 32) errors.Add("--parallel must be 1..32");
        if (!decimal.TryParse(Deposit, NumberStyles.Number, CultureInfo.InvariantCulture, out var d) || d <= 0) errors.Add("--deposit must be dollars, e.g. 20000.000");
        if (!decimal.TryParse(InitialReset, NumberStyles.Number, CultureInfo.InvariantCulture, out var r) || r < 0) errors.Add("--initial-reset must be dollars, e.g. 400.000 (0: none)");
        if (string.IsNullOrWhiteSpace(OutPath)) errors.Add("--out is required");
        return errors;
    }
}

/// <summary>
/// Makes N commissioned, funded live devices through the API only, as README "Run Ibis for real" does:
/// the Postal Service administrator (invited by <c>admin init</c>) sets a password, enrols a second factor
/// and makes an API key; loads the price list; invites a licensing official; authorizes a provider
/// (§502.2); the provider onboards customers, each applies (Form 3601-A, P050 2.1), the provider transmits,
/// the official approves (3601-B); a deposit account with the Acknowledgement of Deposit Requirement
/// (§502.25(c)) and a lease; devices into inventory, inspected (§502.18), commissioned (P050 3.1); a
/// deposit confirmed by the provider; a first reset (P050 3.5). One licensee holds at most $500 across
/// its devices (P050 3.6), so by default each device has its own licensee.
/// </summary>
public sealed class Setup(SetupOptions options, TextWriter log)
{
    private const string Password = "load driver password 1";
    private const string PostOfficeZip = "20260";

    public async Task<DeviceSet> Run(CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        using var api = new Api(options.Url);

        // Postal Service: the administrator joins; the price list; a licensing official; the provider.
        var postal = await Join(api, options.AdminCode, ct);
        var rateTable = await File.ReadAllTextAsync(options.RateTablePath, ct);
        await api.Send(HttpMethod.Post, "v1/rate-tables", postal.Key, rateTable, HttpStatusCode.Created, ct, raw: true);
        var invite = await api.Send(HttpMethod.Post, "v1/invitations", postal.Session,
            new JsonObject { ["email"] = "official@usps.example", ["role"] = "licensing_official" }, HttpStatusCode.Created, ct);
        var official = await Join(api, (string)invite["code"]!, ct);
        var authorized = await api.Send(HttpMethod.Post, "v1/providers", postal.Key, new JsonObject
        {
            ["name"] = "Load Postage Inc", ["authorized_on"] = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["administrator_email"] = "ops@load-provider.example",
        }, HttpStatusCode.Created, ct);
        var provider = await Join(api, (string)authorized["administrator_invitation"]!["code"]!, ct);
        log.WriteLine($"setup: Postal Service, official and provider ready ({watch.Elapsed.TotalSeconds:F1} s)");

        var licensees = (options.Devices + options.DevicesPerLicensee - 1) / options.DevicesPerLicensee;
        var devices = new LoadDevice[options.Devices];
        var done = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, licensees), new ParallelOptions { MaxDegreeOfParallelism = options.Parallel, CancellationToken = ct }, async (i, token) =>
        {
            var first = i * options.DevicesPerLicensee;
            var count = Math.Min(options.DevicesPerLicensee, options.Devices - first);
            var made = await Licensee(api, provider.Key, official.Key, i, count, token);
            for (var d = 0; d < made.Count; d++) devices[first + d] = made[d];
            var n = Interlocked.Add(ref done, made.Count);
            if (n % 10 < made.Count || n == options.Devices) log.WriteLine($"setup: {n}/{options.Devices} devices commissioned and funded ({watch.Elapsed.TotalSeconds:F1} s)");
        });

        // The piece shapes the table in force prices for these devices (P050 1.4 classes it offers).
        var shapes = new List<string>();
        var mailing = DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        foreach (var shape in PieceShape.Known)
        {
            var query = string.Create(CultureInfo.InvariantCulture,
                $"v1/rates/quote?device_id={devices[0].DeviceId}&mail_class={shape.MailClass}&rate_category={shape.RateCategory}&weight_oz={shape.WeightOz}&mailing_date={mailing}{(shape.DestinationZip is null ? "" : "&destination_zip=" + shape.DestinationZip)}");
            var (status, body) = await api.Raw(HttpMethod.Get, query, devices[0].ApiKey, null, ct);
            if (status == 200) shapes.Add(shape.Name);
            else log.WriteLine($"setup: the rate table does not price {shape.Name} ({status}): {Api.Trim(body)}");
        }

        var set = new DeviceSet(DeviceSet.CurrentFormat, options.Url.ToString(), DateTimeOffset.UtcNow, devices, shapes);
        set.Write(options.OutPath);
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"setup: {devices.Length} devices of {licensees} licensees in {watch.Elapsed.TotalSeconds:F1} s; shapes {string.Join(',', shapes)}; {api.Requests} requests; written to {options.OutPath} (mode 0600)"));
        return set;
    }

    /// <summary>One customer: onboarded, licensed, with an account, a funded deposit and its devices commissioned and reset.</summary>
    private async Task<List<LoadDevice>> Licensee(Api api, string provider, string official, int i, int devices, CancellationToken ct)
    {
        var tag = i.ToString("0000", CultureInfo.InvariantCulture);
        var email = $"mailer{tag}@load.example";
        var onboarded = await api.Send(HttpMethod.Post, "v1/licensees", provider,
            new JsonObject { ["name"] = $"Load Mailer {tag}", ["administrator_email"] = email }, HttpStatusCode.Created, ct);
        var licenseeId = (string)onboarded["licensee"]!["id"]!;
        var licensee = await Join(api, (string)onboarded["administrator_invitation"]!["code"]!, ct);

        var application = await api.Send(HttpMethod.Post, "v1/applications", licensee.Key, Form(tag, email), HttpStatusCode.Created, ct);
        await api.Send(HttpMethod.Post, $"v1/applications/{application["id"]}/transmission", provider, new JsonObject(), HttpStatusCode.OK, ct);
        var decided = await api.Send(HttpMethod.Post, $"v1/applications/{application["id"]}/decision", official,
            new JsonObject { ["decision"] = "approve" }, HttpStatusCode.OK, ct);
        var licenseId = (string)decided["license_id"]!;

        var account = (string)(await api.Send(HttpMethod.Post, "v1/accounts", provider,
            new JsonObject { ["licensee_id"] = licenseeId, ["deposit_requirement_acknowledged"] = true }, HttpStatusCode.Created, ct))["id"]!;
        var deposit = await api.Send(HttpMethod.Post, $"v1/accounts/{account}/deposits", licensee.Key,
            new JsonObject { ["amount"] = options.Deposit, ["method"] = "check" }, HttpStatusCode.Created, ct);
        if ((string?)deposit["status"] == "pending")
            await api.Send(HttpMethod.Post, $"v1/deposits/{deposit["id"]}/confirmation", provider, new JsonObject { ["succeeded"] = true }, HttpStatusCode.Created, ct);

        var made = new List<LoadDevice>(devices);
        var signedOn = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        for (var d = 0; d < devices; d++)
        {
            var lease = (string)(await api.Send(HttpMethod.Post, "v1/leases", provider, new JsonObject
            {
                ["licensee_id"] = licenseeId, ["license_id"] = licenseId, ["signed_by"] = "Jane Doe", ["signed_on"] = signedOn, ["resetting_account_id"] = account,
            }, HttpStatusCode.Created, ct))["id"]!;
            var device = (string)(await api.Send(HttpMethod.Post, "v1/devices", provider, new JsonObject(), HttpStatusCode.Created, ct))["id"]!;
            await api.Send(HttpMethod.Post, $"v1/devices/{device}/inspection", provider, new JsonObject { ["passed"] = true }, HttpStatusCode.OK, ct);
            await api.Send(HttpMethod.Post, $"v1/devices/{device}/commissioning", provider, new JsonObject { ["lease_id"] = lease }, HttpStatusCode.OK, ct);
            // Within the licensee's $500 cap across its devices (P050 3.6).
            var first = decimal.Parse(options.InitialReset, CultureInfo.InvariantCulture) / devices;
            if (first > 0)
                await api.Send(HttpMethod.Post, $"v1/devices/{device}/resets", licensee.Key,
                    new JsonObject { ["amount"] = Math.Round(first, 3, MidpointRounding.ToZero).ToString("0.000", CultureInfo.InvariantCulture) }, HttpStatusCode.Created, ct);
            made.Add(new LoadDevice(device, licensee.Key, licenseeId, account));
        }
        return made;
    }

    private static JsonObject Form(string tag, string email) => new()
    {
        ["applicant_name"] = $"Load Mailer {tag}",
        ["contact_name"] = "Jane Doe",
        ["contact_title"] = "Office manager",
        ["mailing_address"] = new JsonObject { ["street"] = $"{int.Parse(tag, CultureInfo.InvariantCulture) + 1} Main St", ["city"] = "Washington", ["state"] = "DC", ["zip"] = "20001" },
        ["phone"] = "202-555-0142",
        ["email"] = email,
        ["post_office"] = new JsonObject { ["city"] = "WASHINGTON", ["state"] = "DC", ["zip"] = PostOfficeZip },
        ["device_location"] = new JsonObject { ["street"] = $"{int.Parse(tag, CultureInfo.InvariantCulture) + 1} Main St", ["city"] = "Washington", ["state"] = "DC", ["zip"] = "20001" },
        ["signature_name"] = "Jane Doe",
    };

    /// <summary>A user as a person becomes one: accepts the invitation, signs in (enrolling a second factor when asked), makes an API key.</summary>
    private static async Task<(string Session, string Key)> Join(Api api, string code, CancellationToken ct)
    {
        var user = await api.Send(HttpMethod.Post, "v1/invitations/acceptance", null,
            new JsonObject { ["code"] = code, ["password"] = Password }, HttpStatusCode.Created, ct);
        var email = (string)user["email"]!;
        var (status, body, cookie) = await api.SignIn(email, Password, null, ct);
        if (status == 401 && JsonNode.Parse(body)?["enrolment"]?["secret"] is JsonValue secret)
            (status, body, cookie) = await api.SignIn(email, Password, Totp.Code((string)secret!, DateTimeOffset.UtcNow), ct);
        if (status != 200 || cookie is null) throw new LoadSetupException($"sign-in of {email} answered {status}: {Api.Trim(body)}");
        var key = await api.Send(HttpMethod.Post, "v1/api-keys", "cookie:" + cookie, new JsonObject { ["name"] = "load driver" }, HttpStatusCode.Created, ct);
        return ("cookie:" + cookie, (string)key["key"]!);
    }

    /// <summary>A small JSON client: Bearer keys or a session cookie sent by hand (the cookie is Secure, the address plain http on loopback), 429 retried after Retry-After.</summary>
    private sealed class Api : IDisposable
    {
        private readonly HttpClient http;
        private int requests;

        public Api(Uri url)
        {
            http = new HttpClient(new SocketsHttpHandler { UseCookies = false, UseProxy = false, AllowAutoRedirect = false, MaxConnectionsPerServer = 32 })
            {
                BaseAddress = url.AbsoluteUri.EndsWith('/') ? url : new Uri(url.AbsoluteUri + "/"),
                Timeout = TimeSpan.FromSeconds(120),
            };
        }

        public int Requests => requests;

        public void Dispose() => http.Dispose();

        public async Task<JsonNode> Send(HttpMethod method, string path, string? auth, object body, HttpStatusCode expected, CancellationToken ct, bool raw = false)
        {
            var text = raw ? (string)body : ((JsonNode)body).ToJsonString();
            var (status, reply) = await Raw(method, path, auth, text, ct);
            if (status != (int)expected) throw new LoadSetupException($"{method} /{path} answered {status} (expected {(int)expected}): {Trim(reply)}");
            return JsonNode.Parse(reply) ?? new JsonObject();
        }

        public async Task<(int Status, string Body)> Raw(HttpMethod method, string path, string? auth, string? body, CancellationToken ct)
        {
            for (var attempt = 0; ; attempt++)
            {
                using var request = new HttpRequestMessage(method, path);
                if (auth is not null && auth.StartsWith("cookie:", StringComparison.Ordinal)) request.Headers.Add("Cookie", auth["cookie:".Length..]);
                else if (auth is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", auth);
                if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
                using var response = await http.SendAsync(request, ct);
                Interlocked.Increment(ref requests);
                var text = await response.Content.ReadAsStringAsync(ct);
                if (response.StatusCode == HttpStatusCode.TooManyRequests && attempt < 20)
                {
                    var wait = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(2);
                    await Task.Delay(wait < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : wait, ct);
                    continue;
                }
                return ((int)response.StatusCode, text);
            }
        }

        /// <summary>POST /v1/sessions; the session cookie (name=value) from Set-Cookie.</summary>
        public async Task<(int Status, string Body, string? Cookie)> SignIn(string email, string password, string? code, CancellationToken ct)
        {
            var body = new JsonObject { ["email"] = email, ["password"] = password };
            if (code is not null) body["code"] = code;
            for (var attempt = 0; ; attempt++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "v1/sessions") { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
                using var response = await http.SendAsync(request, ct);
                Interlocked.Increment(ref requests);
                var text = await response.Content.ReadAsStringAsync(ct);
                if (response.StatusCode == HttpStatusCode.TooManyRequests && attempt < 20)
                {
                    await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(2), ct);
                    continue;
                }
                var cookie = response.Headers.TryGetValues("Set-Cookie", out var values)
                    ? values.Select(v => v.Split(';')[0]).FirstOrDefault(v => v.Contains("ibis_session", StringComparison.Ordinal))
                    : null;
                return ((int)response.StatusCode, text, cookie);
            }
        }

        public static string Trim(string text) => text.Length <= 400 ? text : text[..400] + "…";
    }
}

/// <summary>RFC 6238 time-based one-time codes (HMAC-SHA1, 6 digits, 30 s steps), as an authenticator app makes them.</summary>
public static class Totp
{
    public static string Code(string base32Secret, DateTimeOffset at)
    {
        var key = Base32(base32Secret);
        Span<byte> counter = stackalloc byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(counter, at.ToUnixTimeSeconds() / 30);
        var hash = HMACSHA1.HashData(key, counter);
        var offset = hash[^1] & 0x0f;
        var value = ((hash[offset] & 0x7f) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (value % 1_000_000).ToString("000000", CultureInfo.InvariantCulture);
    }

    /// <summary>RFC 4648 base32, padding and case ignored.</summary>
    public static byte[] Base32(string text)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bytes = new List<byte>();
        int buffer = 0, bits = 0;
        foreach (var c in text.TrimEnd('=').ToUpperInvariant())
        {
            var v = alphabet.IndexOf(c, StringComparison.Ordinal);
            if (v < 0) throw new FormatException($"'{c}' is not a base32 character");
            buffer = (buffer << 5) | v;
            bits += 5;
            if (bits >= 8)
            {
                bits -= 8;
                bytes.Add((byte)(buffer >> bits));
                buffer &= (1 << bits) - 1;
            }
        }
        return [.. bytes];
    }
}
