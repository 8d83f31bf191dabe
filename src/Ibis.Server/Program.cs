using Ibis.Server;
using Ibis.Security.Keys;
using Ibis.Security.SelfTests;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Ibis.Server.Certificates;
using Ibis.Server.Devices;
using Ibis.Server.Hosting;
using Ibis.Server.Indicia;
using Ibis.Server.Observability;
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

var options = builder.AddIbis();

// `ibis-server admin init …` (also `ibis admin init`): bootstrap a live installation and exit.
if (args is ["admin", ..])
{
    Environment.ExitCode = await Ibis.Server.AdminCommand.Run(builder, args[1..]);
    return;
}
Ibis.Server.Funds.LiveInstallationChecks.ExitOnProblem(builder.Configuration, options); // a live installation never runs on the sandbox payment gateway
Ibis.Server.Hosting.ClockOffset.ExitOnProblem(builder.Configuration, options); // nor on a shifted clock


var app = builder.Build();
app.UseRequestIds(); // before everything, so every answer (errors, 404s, static files) carries Request-Id
app.UseBrowserSecurity(); // first, so that error answers carry the security headers too
app.UseExceptionHandler();
app.UseStatusCodePages(async ctx =>
{
    // Bare status codes (405, 415 from routing) also leave as problem+json on the API.
    if (ctx.HttpContext.Request.Path.StartsWithSegments("/v1"))
        await ProblemWriter.Write(ctx.HttpContext, StatusProblem(ctx.HttpContext), ctx.HttpContext.RequestAborted);
});
// Everywhere else a bare 404 or 403 is shown as a page of the portal (Pages/Status.cshtml), not a browser error.
app.UseWhen(http => !http.Request.Path.StartsWithSegments("/v1"), branch => branch.UseStatusCodePagesWithReExecute("/status/{0}"));
app.UseStaticFiles(); // wwwroot: the portal's style sheet and scripts (CSP: same-origin only)
app.UseRouting();
app.UseBodyLimits(); // knows the endpoint, refuses an oversized body before anything reads it
app.UseAbusePrevention(); // rate limits before authentication does any work
app.UseAuthentication();
app.UseAuthorization();

app.MapGet("/health", (SelfTestResult selfTest) => selfTest.Passed
        ? Results.Ok(new { status = "ok", self_test = "passed" })
        : Results.Json(new { status = "self_test_failed", self_test = "failed", failures = selfTest.Failures.Select(f => new { test = f.Test, reason = f.Reason }) }, statusCode: 503))
    .WithName("Health").WithSummary("Liveness, and the result of the start-up cryptographic self-tests.").AllowAnonymous();
app.MapIbisObservability(); // /health/live, /health/ready, /metrics (Observability/)
app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
// The interactive API reference (Scalar, served from the package: no CDN, no fonts, no telemetry).
// Its script tags carry the page's CSP nonce (Hosting/BrowserSecurity), so the site's policy needs no exception for it.
Scalar.AspNetCore.ScalarEndpointRouteBuilderExtensions.MapScalarApiReference(app, "/reference", (o, http) =>
{
    o.Title = "Ibis API reference";
    if (http.Items[BrowserSecurity.NonceItem] is string nonce) Scalar.AspNetCore.ScalarOptionsExtensions.WithNonce(o, nonce);
    o.OpenApiRoutePattern = "/openapi/{documentName}.json";
    o.DefaultFonts = false;
    Scalar.AspNetCore.ScalarOptionsExtensions.DisableTelemetry(o);
    Scalar.AspNetCore.ScalarOptionsExtensions.DisableAgent(o);
    Scalar.AspNetCore.ScalarOptionsExtensions.HideDeveloperTools(o);
}).AllowAnonymous();

var v1 = app.MapGroup("/v1").RequireAuthorization(p => p.AddAuthenticationSchemes("ApiOrCookie").RequireAuthenticatedUser());
v1.MapIndicia();
Ibis.Server.Rates.RatesApi.MapRates(v1);
v1.MapCollectionSchedules();
v1.MapAdvertisements();
v1.MapIndiciumDesigns();
v1.MapClassifiedBranches();
v1.MapLabelSheets();
v1.MapDevices();
v1.MapDeviceLifecycle();
v1.MapPsd();
v1.MapDeviceIncidents();
v1.MapActivityReports();
v1.MapSuspectWithdrawalReceipts();
Ibis.Server.Funds.FundsApi.MapFunds(v1);
DescendingRegisterCapApi.MapDescendingRegisterCap(v1);
Ibis.Server.Licensing.LicensingWorkflowApi.MapLicensingWorkflow(v1);
Ibis.Server.Customers.CustomersApi.MapCustomers(v1);
Ibis.Server.Privacy.PrivacyApi.MapPrivacy(v1);
v1.MapVerifications();
v1.MapScanEvents();
Ibis.Server.Oversight.OversightApi.MapOversight(v1);
Ibis.Server.Quality.QualityApi.MapQuality(v1);
Ibis.Server.Reporting.ReportingApi.MapReporting(v1);
v1.MapCertificates();
Ibis.Server.Refunds.RefundsApi.MapRefunds(v1);
Ibis.Server.Compliance.ComplianceApi.MapCompliance(v1);
Ibis.Server.Organisations.OrganisationsApi.MapOrganisations(v1, app);
Ibis.Server.Webhooks.WebhooksApi.MapWebhooks(v1);
app.MapRazorPages();

app.Run();

static ApiException StatusProblem(HttpContext http)
{
    var request = $"{http.Request.Method} {http.Request.Path}";
    return http.Response.StatusCode switch
    {
        404 => new ApiException(404, "not_found", $"nothing is at {request}; see /openapi/v1.json for the API"),
        405 => new ApiException(405, "method_not_allowed", $"{request} is not allowed; see /openapi/v1.json for the methods of this path"),
        413 => new ApiException(413, "request_too_large", $"the request body of {request} is larger than it takes", "body"),
        415 => new ApiException(415, "unsupported_media_type", "send the request body as application/json"),
        var status => new ApiException(status, "request_invalid", $"HTTP {status} for {request}"),
    };
}

/// <summary>The composition root; public for WebApplicationFactory in tests.</summary>
public partial class Program;
