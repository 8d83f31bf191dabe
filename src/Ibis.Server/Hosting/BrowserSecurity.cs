using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.HttpOverrides;

namespace Ibis.Server.Hosting;

/// <summary>
/// What a browser is told so that a portal session cannot be stolen, framed or replayed
/// (docs/security.md "Browsers and sessions"): the session cookie, the absolute session lifetime,
/// forwarded headers from configured proxies only, HSTS and the security headers of every answer.
/// </summary>
public static class BrowserSecurity
{
    /// <summary>Outside Development the cookie is Secure and host-only: the <c>__Host-</c> prefix makes browsers enforce both.</summary>
    public const string SecureCookieName = "__Host-ibis_session";

    /// <summary>In Development (plain http on localhost) the cookie keeps a name without the prefix.</summary>
    public const string DevelopmentCookieName = "ibis_session";

    /// <summary>A session ends this long after sign-in, however active it is (the sliding lifetime is shorter).</summary>
    public static readonly TimeSpan AbsoluteSessionLifetime = TimeSpan.FromHours(12);

    private const string SignedInItem = "ibis:signed_in";

    /// <summary>The item under which a page finds the nonce its inline scripts carry (styles stay inline-allowed: they run no code).</summary>
    public const string NonceItem = "ibis:csp-nonce";

    public static string CookieName(IHostEnvironment environment) => environment.IsDevelopment() ? DevelopmentCookieName : SecureCookieName;

    public static void AddBrowserSecurity(this WebApplicationBuilder builder)
    {
        var development = builder.Environment.IsDevelopment();
        builder.Services.PostConfigure<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme, o =>
        {
            o.Cookie.Name = CookieName(builder.Environment);
            o.Cookie.Path = "/";
            o.Cookie.SecurePolicy = development ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
            // The sign-in time travels in the ticket; sliding renewal moves IssuedUtc but never this.
            var signingIn = o.Events.OnSigningIn;
            o.Events.OnSigningIn = async context =>
            {
                var now = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
                context.Properties.Items[SignedInItem] = now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
                await signingIn(context);
            };
            var validate = o.Events.OnValidatePrincipal;
            o.Events.OnValidatePrincipal = async context =>
            {
                var clock = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>();
                if (!context.Properties.Items.TryGetValue(SignedInItem, out var text) || !long.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
                    || clock.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(seconds) > AbsoluteSessionLifetime)
                {
                    context.RejectPrincipal();
                    await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
                    return;
                }
                await validate(context);
            };
        });
        builder.Services.AddHsts(o =>
        {
            o.MaxAge = TimeSpan.FromDays(365);
            o.IncludeSubDomains = true;
        });
        // X-Forwarded-For/-Proto are believed only from the proxies an operator names (Ibis:TrustedProxies,
        // addresses separated by commas); from anyone else they are ignored, so a client cannot pick the
        // address that sign-in throttling counts, nor pretend to have come over https.
        builder.Services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.KnownIPNetworks.Clear();
            o.KnownProxies.Clear();
            foreach (var text in (builder.Configuration["Ibis:TrustedProxies"] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!IPAddress.TryParse(text, out var address))
                    throw new InvalidOperationException($"Ibis:TrustedProxies: '{text}' is not an IP address");
                o.KnownProxies.Add(address);
            }
        });
    }

    public static void UseBrowserSecurity(this WebApplication app)
    {
        app.UseForwardedHeaders();
        if (!app.Environment.IsDevelopment()) app.UseHsts();
        app.Use((http, next) =>
        {
            var nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
            http.Items[NonceItem] = nonce;
            http.Response.OnStarting(() =>
            {
                var headers = http.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "no-referrer";
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                headers.ContentSecurityPolicy =
                    $"default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
                    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
                // Nothing a signed-in caller sees (pages, records, ledgers, images) is kept by a browser or proxy cache.
                if (http.User.Identity?.IsAuthenticated == true || http.Request.Headers.Authorization.Count > 0)
                    headers.CacheControl = "no-store";
                return Task.CompletedTask;
            });
            return next(http);
        });
        app.Use(async (http, next) =>
        {
            if (IsCrossSiteSessionWrite(http, CookieName(app.Environment)))
            {
                await Api.ProblemWriter.Write(http, new Api.ApiException(403, "cross_site_request",
                    "a state-changing /v1 call with the portal session must come from the portal's own pages (or use an API key)"), http.RequestAborted);
                return;
            }
            await next(http);
        });
    }

    /// <summary>
    /// Cross-site request forgery on the API: a state-changing /v1 call that authenticates with the
    /// session cookie (no Authorization header) is refused when the browser says it came from another
    /// site (Fetch Metadata <c>Sec-Fetch-Site</c>, or an <c>Origin</c> other than this host). Scripts and
    /// the CLI send neither header and keep working; SameSite=Strict already keeps the cookie off most
    /// cross-site requests, this closes the rest (same-site subdomains, older browsers).
    /// </summary>
    public static bool IsCrossSiteSessionWrite(HttpContext http, string cookieName)
    {
        var request = http.Request;
        if (!request.Path.StartsWithSegments("/v1") || HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method)) return false;
        if (request.Headers.Authorization.Count > 0 || !request.Cookies.ContainsKey(cookieName)) return false;
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Length > 0 && site is not ("same-origin" or "none")) return true;
        var origin = request.Headers.Origin.ToString();
        return origin.Length > 0 && !string.Equals(origin, $"{request.Scheme}://{request.Host}", StringComparison.OrdinalIgnoreCase);
    }
}
