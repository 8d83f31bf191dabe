using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using Ibis.Server.Api;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.RateLimiting;

namespace Ibis.Server.Hosting;

/// <summary>
/// Rate limits and request body limits (docs/security.md "Abuse"). ASP.NET Core's rate limiter with
/// token buckets: sign-in and public verification per client address, API-key calls per key. Every
/// limited answer carries <c>RateLimit-Policy</c> and <c>RateLimit</c> headers (IETF httpapi
/// draft); a refusal is 429 problem+json with <c>Retry-After</c>. Body limits are checked on the
/// declared length before anything is parsed, and enforced by the server on streamed bodies.
/// </summary>
public static class AbusePrevention
{
    /// <summary>A limit: how many requests a partition may make per window (a token bucket refilled over the window).</summary>
    public sealed record Limit(string Policy, int Permits, TimeSpan Window);

    /// <summary>The limits in force, from configuration (Ibis:RateLimits:SignInPerMinute, …PublicPerMinute, …ApiKeyPerMinute).</summary>
    public sealed record Limits(Limit SignIn, Limit Public, Limit ApiKey)
    {
        public static Limits From(IConfiguration config)
        {
            static int Read(IConfiguration c, string name, int fallback) =>
                int.TryParse(c[$"Ibis:RateLimits:{name}"], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : fallback;
            var minute = TimeSpan.FromMinutes(1);
            return new Limits(
                new Limit("sign-in", Read(config, "SignInPerMinute", 30), minute),
                new Limit("public", Read(config, "PublicPerMinute", 120), minute),
                new Limit("api-key", Read(config, "ApiKeyPerMinute", 6000), minute));
        }
    }

    /// <summary>Route patterns with their own body limit; every other /v1 call takes at most <see cref="DefaultBodyBytes"/>.</summary>
    private static readonly Dictionary<string, long> BodyLimits = new(StringComparer.Ordinal)
    {
        ["/v1/verifications"] = 16 * 1024,                   // public: one indicium's bytes in base64
        ["/v1/sessions"] = 8 * 1024,                         // e-mail and password
        ["/v1/invitations/acceptance"] = 8 * 1024,
        ["/v1/devices/{deviceId}/indicia/batch"] = 2 * 1024 * 1024, // up to 1,000 pieces, refused before parsing
        ["/v1/rate-tables"] = 8 * 1024 * 1024,               // a whole price list
        ["/v1/ach/returns"] = 10 * 1024 * 1024,              // a bank's ACH return file
        ["/v1/scan-events"] = 16 * 1024 * 1024,              // up to 10,000 scans, refused before parsing
        ["/v1/refunds"] = 64 * 1024 * 1024,                  // scanned pages of the returned pieces (PNG, JPEG, PDF)
        ["/v1/refunds/{refundId}/receipt"] = 64 * 1024 * 1024, // the provider's scans of the pieces it received
        ["/v1/devices/{deviceId}/quality-samples"] = 16 * 1024 * 1024, // one mailpiece scan
        ["/check"] = 12 * 1024 * 1024,                       // the public stamp check: one photo of an envelope
    };

    public const long DefaultBodyBytes = 256 * 1024;

    /// <summary>The portal's forms (the login page, print, onboarding) are small too.</summary>
    public const long PortalBodyBytes = 256 * 1024;

    public static void AddAbusePrevention(this WebApplicationBuilder builder)
    {
        var limits = Limits.From(builder.Configuration);
        builder.Services.AddSingleton(limits);
        var limiter = PartitionedRateLimiter.Create<HttpContext, string>(http => ClassifyOnce(http, limits) is { } c
            ? RateLimitPartition.GetTokenBucketLimiter(c.Partition, _ => Bucket(c.Limit))
            : RateLimitPartition.GetNoLimiter(""));
        builder.Services.AddSingleton(new GlobalLimiter(limiter));
        builder.Services.AddRateLimiter(o =>
        {
            o.GlobalLimiter = limiter;
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = async (context, ct) =>
            {
                var http = context.HttpContext;
                var limit = ClassifyOnce(http, limits)?.Limit;
                var retry = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? (int)Math.Ceiling(after.TotalSeconds) : (int)(limit?.Window.TotalSeconds ?? 60);
                http.Response.Headers.RetryAfter = retry.ToString(CultureInfo.InvariantCulture);
                if (limit is not null) http.Response.Headers["RateLimit"] = $"\"{limit.Policy}\";r=0;t={retry}";
                // A person on a page (the public stamp check, sign-in) gets the portal's own 429 page
                // (the status-code pages render it from the empty answer); a program gets problem+json.
                if (!http.Request.Path.StartsWithSegments("/v1")) return;
                await ProblemWriter.Write(http, new ApiException(429, "rate_limited", $"too many requests; retry in {retry} seconds"), ct);
            };
        });
    }

    public static void UseAbusePrevention(this WebApplication app)
    {
        app.Use(async (http, next) =>
        {
            // RateLimit headers on every limited answer: the policy, and what is left of it.
            var limits = http.RequestServices.GetRequiredService<Limits>();
            if (ClassifyOnce(http, limits) is { } c)
            {
                var global = http.RequestServices.GetRequiredService<GlobalLimiter>();
                http.Response.OnStarting(() =>
                {
                    http.Response.Headers["RateLimit-Policy"] = $"\"{c.Limit.Policy}\";q={c.Limit.Permits};w={(int)c.Limit.Window.TotalSeconds}";
                    if (!http.Response.Headers.ContainsKey("RateLimit"))
                    {
                        var left = global.Limiter.GetStatistics(http)?.CurrentAvailablePermits ?? 0;
                        http.Response.Headers["RateLimit"] = $"\"{c.Limit.Policy}\";r={left};t={(int)c.Limit.Window.TotalSeconds}";
                    }
                    return Task.CompletedTask;
                });
            }
            await next(http);
        });
        app.UseRateLimiter();
    }

    /// <summary>After routing: refuses a declared body over the endpoint's limit (413) and caps a streamed one.</summary>
    public static void UseBodyLimits(this WebApplication app) => app.Use(async (http, next) =>
    {
        var limit = BodyLimitOf(http);
        var feature = http.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (feature is { IsReadOnly: false }) feature.MaxRequestBodySize = limit;
        // PostgreSQL cannot hold a NUL character in text: a query value with one would fail deep in a
        // query (a 500); it is refused here as the bad input it is.
        if (http.Request.Query.Any(q => q.Key.Contains('\0', StringComparison.Ordinal) || q.Value.Any(v => v?.Contains('\0', StringComparison.Ordinal) == true)))
        {
            await ProblemWriter.Write(http, new ApiException(400, "query_invalid", "a query parameter contains a NUL character", "query"), http.RequestAborted);
            return;
        }
        if (http.Request.ContentLength > limit)
        {
            await ProblemWriter.Write(http, new ApiException(413, "request_too_large",
                $"the request body is {http.Request.ContentLength} bytes; this operation takes at most {limit} bytes", "body"), http.RequestAborted);
            return;
        }
        await next(http);
    });

    public static long BodyLimitOf(HttpContext http)
    {
        var pattern = (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText;
        // Razor pages' patterns have no leading slash ("check"); the API's have one.
        if (pattern is not null && BodyLimits.TryGetValue("/" + pattern.Trim('/'), out var limit)) return limit;
        return http.Request.Path.StartsWithSegments("/v1") ? DefaultBodyBytes : PortalBodyBytes;
    }

    private sealed record Classified(Limit Limit, string Partition);

    /// <summary>A request's classification, with the path and method it was made for.</summary>
    private sealed record Classification(PathString Path, string Method, Classified? Classified);

    private static readonly object ClassificationItem = new();

    /// <summary>
    /// <see cref="Classify"/> once per request (issue 17): the headers' middleware, the limiter's partition, its
    /// statistics for the RateLimit header and a refusal all ask, and each answer hashed the Authorization header
    /// anew. A re-executed request (a status page on another path) is classified again, as it was before.
    /// </summary>
    private static Classified? ClassifyOnce(HttpContext http, Limits limits)
    {
        var request = http.Request;
        if (http.Items.TryGetValue(ClassificationItem, out var known) && known is Classification k
            && k.Path == request.Path && string.Equals(k.Method, request.Method, StringComparison.Ordinal))
            return k.Classified;
        var classified = Classify(http, limits);
        http.Items[ClassificationItem] = new Classification(request.Path, request.Method, classified);
        return classified;
    }

    /// <summary>Which limit a request counts against, and whose bucket: the key's (hashed) or the client address's.</summary>
    private static Classified? Classify(HttpContext http, Limits limits)
    {
        var request = http.Request;
        if (HttpMethods.IsPost(request.Method) && (request.Path.Equals("/v1/sessions", StringComparison.OrdinalIgnoreCase) || request.Path.Equals("/login", StringComparison.OrdinalIgnoreCase)))
            return new Classified(limits.SignIn, "sign-in|" + Address(http));
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return new Classified(limits.ApiKey, "key|" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(authorization))));
        // The public stamp check (Pages/Check): each check decodes an uploaded image, so it counts like a verification.
        if (HttpMethods.IsPost(request.Method) && request.Path.Equals("/check", StringComparison.OrdinalIgnoreCase))
            return new Classified(limits.Public, "check|" + Address(http));
        if (request.Path.StartsWithSegments("/v1/verifications") || request.Path.StartsWithSegments("/v1/certificates")
            || request.Path.StartsWithSegments("/v1/invitations/acceptance"))
            return new Classified(limits.Public, "public|" + Address(http));
        return null;
    }

    private static string Address(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static TokenBucketRateLimiterOptions Bucket(Limit limit) => new()
    {
        TokenLimit = limit.Permits,
        TokensPerPeriod = limit.Permits,
        ReplenishmentPeriod = limit.Window,
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    /// <summary>The one limiter instance, so that the headers can tell what is left.</summary>
    public sealed record GlobalLimiter(PartitionedRateLimiter<HttpContext> Limiter);
}
