using Ibis.Data;
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
using Ibis.Server.Organisations;
using Ibis.Server.Customers;
using Ibis.Server.Funds;
using Ibis.Server.Installation;
using Ibis.Server.Licensing;
using Ibis.Server.Oversight;
using Ibis.Server.Privacy;
using Ibis.Server.Quality;
using Ibis.Server.Rates;
using Ibis.Server.Refunds;
using Ibis.Server.Reporting;
using Ibis.Server.UseCases;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;


namespace Ibis.Server;

/// <summary>
/// The composition root's services, shared by the web server and the admin commands (which need the
/// same database, key store and use cases without listening for requests).
/// </summary>
internal static class IbisComposition
{
    public static IbisOptions AddIbis(this WebApplicationBuilder builder)
    {
        var options = IbisOptions.FromConfiguration(builder.Configuration);
        DataDirectory.Secure(options); // 0700, its files 0600 (the SQLite file made 0600 before SQLite opens it)
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(_ => Hosting.ClockOffset.Create(builder.Configuration, options)); // Ibis:Clock:Offset shifts a sandbox's clock
        builder.Services.AddIbisDatabase(options);

        var kekLocation = KeyEncryptionKeyLocation.Load(options);
        var kek = kekLocation.Key;
        if (kekLocation.GeneratedAt is { } generatedAt)
            Console.WriteLine($"No key-encryption key configured: generated one at {generatedAt} (mode 0600), outside the data directory. Back it up apart from the database; without it the device keys cannot be used.");
        if (kekLocation.Warning is { } kekWarning)
            Console.Error.WriteLine("WARNING: " + kekWarning);
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
        builder.Services.AddSingleton(sp => new SqliteWriteGate(sp.GetService<SqliteHeldConnections>(), sp.GetRequiredService<ILogger<SqliteWriteGate>>()));
        builder.Services.AddSingleton(sp => new Ibis.Security.Fields.FieldProtector(sp.GetRequiredService<KeyEncryptionKey>()));
        // The command pipeline every use case runs through (UseCases/), then each module's use cases and services (its …Module.cs).
        builder.Services.AddScoped<Ibis.Server.UseCases.CommandPipeline>();
        builder.Services.AddScoped<Ibis.Server.UseCases.UnitOfWork>();
        builder.Services.AddScoped<Ibis.Server.UseCases.IdempotencyClaims>();
        builder.Services.AddPsd();
        builder.Services.AddCertificates();
        builder.Services.AddFunds();
        builder.Services.AddCustomers();
        builder.Services.AddLicensing();
        builder.Services.AddPrivacy();
        builder.Services.AddOrganisations();
        builder.Services.AddInstallation();
        builder.Services.AddIndicia();
        builder.Services.AddRates();
        builder.Services.AddVerification();
        builder.Services.AddOversight();
        builder.Services.AddReporting();
        builder.Services.AddQuality();
        builder.Services.AddRefunds();
        builder.Services.AddPayments(); // Ibis:Payments:Gateway (sandbox | manual) and the ACH round trip (Funds/PaymentGateways.cs)
        PortalReads.Add(builder.Services);
        builder.Services.AddHostedService<IbisStartup>(); // first: migrations before anything touches the database
        builder.Services.AddSandbox(); // then the sandbox tenant, before any other start-up work reads it
        builder.Services.AddHostedService<ScanStoreMaintenance>(); // the scan store's table and partitions (not in the migrations)
        builder.Services.AddHostedService<Ibis.Server.Rates.SeedSamplePriceList>(); // on an empty database: the sample price list,
        builder.Services.AddHostedService<Ibis.Server.Indicia.SeedBuiltInDesigns>(); // then the built-in designs
        builder.Services.AddHostedService<IdempotencyCleanup>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<RegisterCheckpoints>()); // reads the checkpoint logs back and locks rolled-back devices
        builder.Services.AddHostedService<PendingKeyDestructions>(); // finishes key destructions a crash interrupted (§502.20(e))
        builder.Services.AddHostedService<Ibis.Server.Customers.PendingRecordKeyDestructions>(); // customer-record keys a stop left pending (notice 820.100 disposal)
        Compliance.ComplianceScheduler.AddComplianceScheduler(builder.Services, builder.Configuration, options);
        Webhooks.WebhooksModule.AddWebhooks(builder.Services, builder.Configuration); // subscriptions and the outbox dispatcher (after IbisStartup) // dated duties, notices, scheduled jobs (after IbisStartup: it needs the migrated tables)

        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower;
            o.SerializerOptions.DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.Never;
            o.SerializerOptions.Converters.Add(new UtcInstantJson()); // every instant UTC, milliseconds, Z
            o.SerializerOptions.Converters.Add(new Ibis.Domain.EnumTextJsonConverterFactory()); // statuses as their text ("in_service")
        });
        builder.Services.AddDataProtectionKeyRing(); // in the database, encrypted under the key-encryption key (Hosting/DataProtectionKeyRing)
        builder.Services.AddExceptionHandler<ProblemWriter>();
        // A query or route value that does not bind throws, so that ProblemWriter names the parameter in the API's words.
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddProblemDetails();
        builder.Services.AddIbisOpenApi(OpenApiVocabulary.Of); // /openapi/v1.json, made to match the endpoints (Api/OpenApiDocumentation)
        builder.Services.AddRazorPages(o =>
        {
            o.Conventions.AuthorizeFolder("/Portal");
        }).AddMvcOptions(o =>
        {
            // Issue 18: pages hold no database context; a refused form and a form posted twice are answered here, in this order.
            o.Filters.Add<Ibis.Server.Pages.RefusalFilter>();
            o.Filters.Add<Ibis.Server.Pages.IdempotentFormFilter>();
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
                o.Events.OnValidatePrincipal = SignIn.Validate;
        // The API answers an ended or missing session with 401/403 problem+json, never a redirect to the login page.
        o.Events.OnRedirectToLogin = ctx => ctx.Request.Path.StartsWithSegments("/v1")
            ? ProblemWriter.Write(ctx.HttpContext, new ApiException(401, "session_ended", "your session has ended; sign in again"), ctx.HttpContext.RequestAborted)
            : Redirect(ctx);
        o.Events.OnRedirectToAccessDenied = ctx => ctx.Request.Path.StartsWithSegments("/v1")
            ? ProblemWriter.Write(ctx.HttpContext, new ApiException(403, "forbidden", "your role may not do this"), ctx.HttpContext.RequestAborted)
            : Redirect(ctx);
            })
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null)
            // /v1 takes an API key, or the portal's cookie (so the portal can link to images).
            .AddPolicyScheme("ApiOrCookie", "API key or portal session", o => o.ForwardDefaultSelector = http =>
                http.Request.Headers.Authorization.Count == 0 && http.Request.Cookies.ContainsKey(BrowserSecurity.CookieName(builder.Environment))
                    ? CookieAuthenticationDefaults.AuthenticationScheme
                    : ApiKeyAuthentication.SchemeName);
        builder.Services.AddAuthorization();
        builder.AddBrowserSecurity();
        builder.AddAbusePrevention();
        Observability.Telemetry.AddIbisObservability(builder); // OpenTelemetry, /metrics, health checks
        return options;
    }

    private static Task Redirect(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> ctx)
    {
        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }
}
