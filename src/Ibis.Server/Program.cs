using Ibis.Security.Keys;
using Ibis.Security.SelfTests;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Ibis.Server.Certificates;
using Ibis.Server.Devices;
using Ibis.Server.Hosting;
using Ibis.Server.Indicia;
using Ibis.Server.Psd;
using Ibis.Server.Sandbox;
using Ibis.Server.Verification;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;

// Content (appsettings.json) comes from the build output, so the working directory is free to be the
// place for ./ibis-data, wherever `dotnet run` is typed.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
// `dotnet run` listens on :5080 unless --urls or ASPNETCORE_URLS says otherwise.
if (builder.Configuration["urls"] is null && builder.Configuration["ASPNETCORE_URLS"] is null)
    builder.WebHost.UseUrls("http://localhost:5080");

var options = IbisOptions.FromConfiguration(builder.Configuration);
LiveInstallationChecks.ExitOnProblem(builder.Configuration, options); // a live installation never runs on the sandbox payment gateway
Directory.CreateDirectory(options.DataDirectory);
builder.Services.AddSingleton(options);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddIbisDatabase(options);

var kek = KeyEncryptionKeySource.Load(options.KeyEncryptionKey, options.DataDirectory, out var kekGenerated);
if (kekGenerated)
    Console.WriteLine($"No key-encryption key configured: generated one at {Path.Combine(options.DataDirectory, "kek.bin")} (mode 0600). Back it up; without it the device keys cannot be used.");
builder.Services.AddSingleton(kek);
// Known-answer self-tests before any key is used (FIPS 140-3 style): on failure every signing
// operation is refused with self_test_failed and /health says why. The injection setting exists
// only so tests can prove that no signature leaves the process after a failure.
var selfTest = builder.Configuration["Ibis:InjectSelfTestFailure"] is { Length: > 0 } inject
    ? CryptoSelfTest.Run(inject)
    : CryptoSelfTest.Run();
if (!selfTest.Passed)
    Console.Error.WriteLine("Cryptographic self-test FAILED; signing is disabled: " + string.Join("; ", selfTest.Failures.Select(f => $"{f.Test}: {f.Reason}")));
builder.Services.AddSingleton(selfTest);
// Key store: "software" (default; keys wrapped under the KEK) or "pkcs11" (a token such as SoftHSM2 or an HSM).
var keyStoreOptions = new KeyStoreOptions
{
    Kind = builder.Configuration["Ibis:KeyStore:Kind"] ?? KeyStoreOptions.Software,
    KeyEncryptionKey = kek,
    Pkcs11Module = builder.Configuration["Ibis:KeyStore:Pkcs11:Module"] ?? "/usr/lib/softhsm/libsofthsm2.so",
    Pkcs11TokenLabel = builder.Configuration["Ibis:KeyStore:Pkcs11:TokenLabel"],
    Pkcs11Pin = builder.Configuration["Ibis:KeyStore:Pkcs11:Pin"],
};
builder.Services.AddSingleton<IKeyStore>(_ => new SelfTestGuardedKeyStore(KeyStoreFactory.Create(keyStoreOptions), selfTest));

builder.Services.AddSingleton<ApiJson>();
builder.Services.AddSingleton<IdempotencyStore>();
builder.Services.AddSingleton<SqliteWriteGate>();
builder.Services.AddSingleton<RegisterSeal>();
builder.Services.AddSingleton<DeviceAuditor>();
builder.Services.AddSingleton<DeviceLockout>();
builder.Services.AddScoped<PsdTransaction>();
builder.Services.AddScoped<ResetDevice>();
builder.Services.AddScoped<AuditDevice>();
builder.Services.AddScoped<WithdrawDevice>();
builder.Services.AddSingleton(sp => new Ibis.Security.Fields.FieldProtector(sp.GetRequiredService<KeyEncryptionKey>()));
builder.Services.AddSingleton<Ibis.Server.Funds.Transmissions>();
Ibis.Server.Funds.PaymentServices.AddPayments(builder.Services); // Ibis:Payments:Gateway (sandbox | manual) and the ACH round trip (Funds/PaymentGateways.cs)
builder.Services.AddScoped<Ibis.Server.Funds.AccountTransaction>();
builder.Services.AddScoped<Ibis.Server.Funds.FundsOperations>();
builder.Services.AddScoped<Ibis.Server.Funds.DailyFinancialTransactions>();
builder.Services.AddScoped<Ibis.Server.Licensing.SetDescendingRegisterCap>();
// Licensing (P050 2.0–2.5) and the customer records of notice 820.100.
builder.Services.AddSingleton<Ibis.Server.Customers.RecordKeys>();
builder.Services.AddScoped<Ibis.Server.Customers.CustomerRecords>();
builder.Services.AddScoped<Ibis.Server.Licensing.LicensingWorkflow>();
builder.Services.AddScoped<Ibis.Server.Licensing.Appeals>();
builder.Services.AddScoped<Ibis.Server.Privacy.PrivacyRequests>();
builder.Services.AddScoped<Ibis.Server.Privacy.RetentionDisposal>();
builder.Services.AddScoped<Ibis.Server.Privacy.RetentionOverview>();
builder.Services.AddHostedService<Ibis.Server.Privacy.RetentionJob>();
builder.Services.AddScoped<SandboxWorld>();
builder.Services.AddScoped<PrintIndicium>();
builder.Services.AddScoped<Ibis.Server.Rates.RateTables>();
builder.Services.AddScoped<IndiciumImages>();
builder.Services.AddScoped<VerifyIndicium>();
builder.Services.AddHostedService<IbisStartup>(); // first: migrations before anything touches the database
builder.Services.AddHostedService<Ibis.Server.Rates.SeedPriceListAndDesigns>(); // sample price list and built-in designs on an empty database
builder.Services.AddHostedService<IdempotencyCleanup>();

builder.Services.ConfigureHttpJsonOptions(o =>
{
    o.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower;
    o.SerializerOptions.DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.Never;
});
builder.Services.AddDataProtection()
    .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(options.DataDirectory, "data-protection-keys")))
    .SetApplicationName("Ibis");
builder.Services.AddExceptionHandler<ProblemWriter>();
builder.Services.AddProblemDetails();
builder.Services.AddOpenApi("v1");
builder.Services.AddRazorPages(o =>
{
    o.Conventions.AuthorizeFolder("/Portal");
});
builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
    .AddCookie(o =>
    {
        o.LoginPath = "/login";
        o.Cookie.Name = "ibis_session";
        o.Cookie.HttpOnly = true;
        o.Cookie.SameSite = SameSiteMode.Strict;
        o.SlidingExpiration = true;
        o.ExpireTimeSpan = TimeSpan.FromHours(8);
    })
    .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null)
    // /v1 takes an API key, or the portal's cookie (so the portal can link to images).
    .AddPolicyScheme("ApiOrCookie", "API key or portal session", o => o.ForwardDefaultSelector = http =>
        http.Request.Headers.Authorization.Count == 0 && http.Request.Cookies.ContainsKey("ibis_session")
            ? CookieAuthenticationDefaults.AuthenticationScheme
            : ApiKeyAuthentication.SchemeName);
builder.Services.AddAuthorization();

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages(async ctx =>
{
    // Bare status codes (405, 415 from routing) also leave as problem+json on the API.
    if (ctx.HttpContext.Request.Path.StartsWithSegments("/v1"))
        await ProblemWriter.Write(ctx.HttpContext, StatusProblem(ctx.HttpContext), ctx.HttpContext.RequestAborted);
});
app.UseAuthentication();
app.UseAuthorization();

app.MapGet("/health", (SelfTestResult selfTest) => selfTest.Passed
        ? Results.Ok(new { status = "ok", self_test = "passed" })
        : Results.Json(new { status = "self_test_failed", self_test = "failed", failures = selfTest.Failures.Select(f => new { test = f.Test, reason = f.Reason }) }, statusCode: 503))
    .WithName("Health").WithSummary("Liveness, and the result of the start-up cryptographic self-tests.").AllowAnonymous();
app.MapOpenApi("/openapi/{documentName}.json");

var v1 = app.MapGroup("/v1").RequireAuthorization(p => p.AddAuthenticationSchemes("ApiOrCookie").RequireAuthenticatedUser());
v1.MapIndicia();
Ibis.Server.Rates.RatesApi.MapRates(v1);
v1.MapCollectionSchedules();
v1.MapAdvertisements();
v1.MapIndiciumDesigns();
v1.MapClassifiedBranches();
v1.MapLabelSheets();
v1.MapDevices();
v1.MapPsd();
Ibis.Server.Funds.FundsApi.MapFunds(v1);
Ibis.Server.Licensing.LicensingApi.MapLicensing(v1);
Ibis.Server.Licensing.LicensingWorkflowApi.MapLicensingWorkflow(v1);
Ibis.Server.Customers.CustomersApi.MapCustomers(v1);
Ibis.Server.Privacy.PrivacyApi.MapPrivacy(v1);
v1.MapVerifications();
v1.MapCertificates();
app.MapRazorPages();

app.Run();

static ApiException StatusProblem(HttpContext http)
{
    var request = $"{http.Request.Method} {http.Request.Path}";
    return http.Response.StatusCode switch
    {
        404 => new ApiException(404, "not_found", $"nothing is at {request}; see /openapi/v1.json for the API"),
        405 => new ApiException(405, "method_not_allowed", $"{request} is not allowed; see /openapi/v1.json for the methods of this path"),
        415 => new ApiException(415, "unsupported_media_type", "send the request body as application/json"),
        var status => new ApiException(status, "request_invalid", $"HTTP {status} for {request}"),
    };
}

/// <summary>The composition root; public for WebApplicationFactory in tests.</summary>
public partial class Program;
