using System.Text.Encodings.Web;
using Ibis.Data;
using Ibis.Server.Api;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Ibis.Server.Auth;

/// <summary>Bearer API keys for /v1. A missing or unknown key gets a problem+json 401.</summary>
public sealed class ApiKeyAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    /// <summary>Compiled once (issue 17): a print whose key is not in the cache pays for the read, not for building the query.</summary>
    private static readonly PerModel<Func<IbisDb, string, CancellationToken, Task<Data.Entities.ApiKeyRow?>>> KeyByHash = new(() =>
        EF.CompileAsyncQuery((IbisDb db, string hash, CancellationToken ct) => db.ApiKeys.AsNoTracking().FirstOrDefault(k => k.Hash == hash && k.RevokedAt == null)));

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header)) return AuthenticateResult.NoResult();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return AuthenticateResult.Fail("api_key_invalid");
        var key = header["Bearer ".Length..].Trim();
        if (!ApiKeys.HasShape(key)) return AuthenticateResult.Fail("api_key_invalid");
        var hash = ApiKeys.Hash(key);
        var caller = await Context.RequestServices.GetRequiredService<ApiKeyCache>().Get(hash, async () =>
        {
            var db = Context.RequestServices.GetRequiredService<IbisDb>();
            var row = await KeyByHash.For(db)(db, hash, Context.RequestAborted);
            return row is null ? null : new Caller(row.Id, row.Role, row.LicenseeId, row.ProviderId, row.Mode == "test");
        });
        if (caller is null) return AuthenticateResult.Fail("api_key_invalid");
        return AuthenticateResult.Success(new AuthenticationTicket(caller.ToPrincipal(SchemeName), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = Context.Features.Get<IAuthenticateResultFeature>()?.AuthenticateResult;
        var failed = result?.Failure is not null || Request.Headers.Authorization.Count > 0;
        var error = failed
            ? new ApiException(401, "api_key_invalid", "the API key is not valid; send 'Authorization: Bearer ibis_test_…' with a key from your dashboard")
            : new ApiException(401, "api_key_missing", "this endpoint needs an API key: send 'Authorization: Bearer ibis_test_…'");
        Response.Headers.WWWAuthenticate = "Bearer";
        return ProblemWriter.Write(Context, error, Context.RequestAborted);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ProblemWriter.Write(Context, new ApiException(403, "forbidden", "your role may not do this"), Context.RequestAborted);
}
