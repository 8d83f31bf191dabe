using Ibis.Security.Keys;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Ibis.Server.Certificates;
using Ibis.Server.Devices;
using Ibis.Server.Hosting;
using Ibis.Server.Indicia;
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
Directory.CreateDirectory(options.DataDirectory);
builder.Services.AddSingleton(options);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddIbisDatabase(options);

var kek = KeyEncryptionKeySource.Load(options.KeyEncryptionKey, options.DataDirectory, out var kekGenerated);
if (kekGenerated)
    Console.WriteLine($"No key-encryption key configured: generated one at {Path.Combine(options.DataDirectory, "kek.bin")} (mode 0600). Back it up; without it the device keys cannot be used.");
builder.Services.AddSingleton(kek);
builder.Services.AddSingleton<IKeyStore>(sp => new SoftwareKeyStore(sp.GetRequiredService<KeyEncryptionKey>()));

builder.Services.AddScoped<SandboxWorld>();
builder.Services.AddScoped<PrintIndicium>();
builder.Services.AddScoped<IndiciumImages>();
builder.Services.AddScoped<VerifyIndicium>();
builder.Services.AddHostedService<IbisStartup>();

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
        await ProblemWriter.Write(ctx.HttpContext, new ApiException(ctx.HttpContext.Response.StatusCode,
            ctx.HttpContext.Response.StatusCode == 404 ? "not_found" : "request_invalid",
            $"HTTP {ctx.HttpContext.Response.StatusCode} for {ctx.HttpContext.Request.Method} {ctx.HttpContext.Request.Path}"), ctx.HttpContext.RequestAborted);
});
app.UseAuthentication();
app.UseAuthorization();

app.MapGet("/health", () => Results.Ok(new { status = "ok" })).WithName("Health").AllowAnonymous();
app.MapOpenApi("/openapi/{documentName}.json");

var v1 = app.MapGroup("/v1").RequireAuthorization(p => p.AddAuthenticationSchemes("ApiOrCookie").RequireAuthenticatedUser());
v1.MapIndicia();
v1.MapDevices();
v1.MapVerifications();
v1.MapCertificates();
app.MapRazorPages();

app.Run();

/// <summary>The composition root; public for WebApplicationFactory in tests.</summary>
public partial class Program;
