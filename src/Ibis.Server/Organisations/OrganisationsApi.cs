using Ibis.Server.Api;
using Ibis.Server.UseCases;
using Ibis.Server.Auth;


namespace Ibis.Server.Organisations;

/// <summary>E-mail and password; <c>code</c> is the authenticator's current code (or a recovery code) for the roles that need a second factor.</summary>
public sealed record SignInRequest(string? Email, string? Password, string? Code = null);

/// <summary>
/// Live operation's endpoints: providers (the Postal Service authorizes, suspends, revokes and records
/// ownership changes), new customers, users and invitations, API keys, and JSON sign-in for scripts.
/// Each maps HTTP to one use case and the result to a typed response.
/// </summary>
public static class OrganisationsApi
{
    public static void MapOrganisations(this RouteGroupBuilder v1, WebApplication app)
    {
        var providers = v1.MapGroup("/providers").WithTags("Providers");
        providers.MapPost("", Authorize).WithName("AuthorizeProvider").Idempotent()
            .WithSummary("Postal Service: authorize a provider in writing (39 CFR 502.2) and invite its first administrator (the code is shown once).")
            .Accepts<AuthorizeProviderCommand>("application/json").Produces<AuthorizedProvider>(201).ProducesProblem(400).ProducesProblem(403).ProducesProblem(409);
        providers.MapGet("", (HttpContext http, ListProviders p, CancellationToken ct) => List(http, p, ct)).WithName("ListProviders")
            .WithSummary("The providers the caller may see.").Paged<ProviderView>();
        providers.MapGet("/{providerId}", async (string providerId, HttpContext http, ListProviders p, CancellationToken ct) =>
            Results.Ok(await p.Get(Caller.From(http.User), providerId, ct))).WithName("GetProvider").Produces<ProviderView>().ProducesProblem(404);
        providers.MapPost("/{providerId}/status", async (string providerId, HttpContext http, ChangeProviderStatus p, CancellationToken ct) =>
                Results.Ok(await p.Handle(Caller.From(http.User), providerId, await JsonBody.Read<ChangeProviderStatusCommand>(http.Request, ct), ct)))
            .WithName("ChangeProviderStatus").WithSummary("Postal Service: suspend, reinstate or revoke a provider's authorization (39 CFR 502.5).")
            .Accepts<ChangeProviderStatusCommand>("application/json").Produces<ProviderView>().ProducesProblem(400).ProducesProblem(409);
        providers.MapPost("/{providerId}/ownership-changes", async (string providerId, HttpContext http, RecordProviderOwnershipChange p, CancellationToken ct) =>
                Results.Ok(await p.Handle(Caller.From(http.User), providerId, await JsonBody.Read<RecordOwnershipChangeCommand>(http.Request, ct), ct)))
            .WithName("RecordOwnershipChange").WithSummary("Postal Service: record a change of ownership or control of a provider (39 CFR 502.3).")
            .Accepts<RecordOwnershipChangeCommand>("application/json").Produces<ProviderView>().ProducesProblem(400);

        v1.MapPost("/licensees", async (HttpContext http, OnboardLicensee onboard, CancellationToken ct) =>
            {
                var result = await onboard.Handle(Caller.From(http.User), await JsonBody.Read<OnboardLicenseeCommand>(http.Request, ct), ct);
                return Results.Created($"/v1/licensees/{result.Licensee.Id}", result);
            })
            .WithName("OnboardLicensee").Idempotent().WithTags("Organisations")
            .WithSummary("Provider: a new customer — the licensee's organisation and an invitation for its first administrator (code shown once).")
            .Accepts<OnboardLicenseeCommand>("application/json").Produces<OnboardedLicensee>(201).ProducesProblem(400).ProducesProblem(403).ProducesProblem(409);

        var users = v1.MapGroup("/users").WithTags("Organisations");
        users.MapGet("", async (HttpContext http, ListUsers m, CancellationToken ct) =>
            Results.Ok(Lists.Page(await m.Handle(Caller.From(http.User), ct), PageQuery.Read(http.Request), u => u.Id, u => u.CreatedAt))).WithName("ListUsers")
            .WithSummary("Administrator: your organisation's users.").Paged<UserView>();
        users.MapPatch("/{userId}", async (string userId, HttpContext http, ChangeUser m, CancellationToken ct) =>
                Results.Ok(await m.Handle(Caller.From(http.User), userId, await JsonBody.Read<ChangeUserCommand>(http.Request, ct), ct)))
            .WithName("ChangeUser").WithSummary("Administrator: change a user's role or administrator right; the user's sessions end.")
            .Accepts<ChangeUserCommand>("application/json").Produces<UserView>();
        users.MapDelete("/{userId}", async (string userId, HttpContext http, RemoveUser m, CancellationToken ct) =>
                Results.Ok(await m.Handle(Caller.From(http.User), userId, ct)))
            .WithName("RemoveUser").WithSummary("Administrator: remove a user; its sessions end and the API keys it created are revoked.");

        v1.MapPost("/invitations", async (HttpContext http, InviteUser invite, CancellationToken ct) =>
            {
                var issued = await invite.Handle(Caller.From(http.User), await JsonBody.Read<InviteUserCommand>(http.Request, ct), ct);
                return Results.Created($"/v1/invitations/{issued.Id}", issued);
            })
            .WithName("InviteUser").Idempotent().WithTags("Organisations")
            .WithSummary("Administrator: invite a user with a role your organisation may grant; the one-time code is shown once and expires in 72 hours.")
            .Accepts<InviteUserCommand>("application/json").Produces<IssuedInvitation>(201).ProducesProblem(400).ProducesProblem(403).ProducesProblem(409);
        // Accepting an invitation and signing in need no credential yet.
        app.MapPost("/v1/invitations/acceptance", async (HttpContext http, AcceptInvitation accept, CancellationToken ct) =>
                Results.Created("/v1/users", await accept.Handle(await JsonBody.Read<AcceptInvitationCommand>(http.Request, ct), ct)))
            .WithName("AcceptInvitation").WithTags("Organisations").AllowAnonymous()
            .WithSummary("Set your password (at least 12 characters) with the one-time code of your invitation.")
            .Accepts<AcceptInvitationCommand>("application/json").Produces<UserView>(201).ProducesProblem(400).ProducesProblem(404).ProducesProblem(409);
        app.MapPost("/v1/sessions", SignInWithPassword).WithName("SignIn").WithTags("Organisations").AllowAnonymous()
            .WithSummary("Sign in with e-mail and password; answers with the portal session cookie (for scripts that then create API keys).")
            .Accepts<SignInRequest>("application/json").ProducesProblem(401);

        var keys = v1.MapGroup("/api-keys").WithTags("Organisations");
        keys.MapGet("", async (HttpContext http, ListApiKeys m, CancellationToken ct) =>
            Results.Ok(Lists.Page(await m.Handle(Caller.From(http.User), ct), PageQuery.Read(http.Request), k => k.Id, k => k.CreatedAt))).WithName("ListApiKeys")
            .WithSummary("Administrator: your organisation's API keys (prefix only).").Paged<ApiKeyView>();
        keys.MapPost("", async (HttpContext http, CreateApiKey m, CancellationToken ct) =>
            {
                var created = await m.Handle(Caller.From(http.User), await JsonBody.Read<CreateApiKeyCommand>(http.Request, ct), ct);
                return Results.Created($"/v1/api-keys/{created.Id}", created);
            })
            .WithName("CreateApiKey").Idempotent().WithSummary("Administrator: a new API key (ibis_live_… or ibis_test_… by your mode), shown once.")
            .Accepts<CreateApiKeyCommand>("application/json").Produces<CreatedApiKey>(201).ProducesProblem(403);
        keys.MapPost("/{keyId}/rotation", async (string keyId, HttpContext http, RotateApiKey m, CancellationToken ct) =>
            {
                var created = await m.Handle(Caller.From(http.User), keyId, ct);
                return Results.Created($"/v1/api-keys/{created.Id}", created);
            })
            .WithName("RotateApiKey").Idempotent().WithSummary("Administrator: replace a key by a new one; the old key is refused from its next request.");
        keys.MapDelete("/{keyId}", async (string keyId, HttpContext http, RevokeApiKey m, CancellationToken ct) =>
                Results.Ok(await m.Handle(Caller.From(http.User), keyId, ct)))
            .WithName("RevokeApiKey").WithSummary("Administrator: revoke a key; it is refused from its next request.");
    }

    private static async Task<IResult> Authorize(HttpContext http, AuthorizeProvider authorize, CancellationToken ct)
    {
        var result = await authorize.Handle(Caller.From(http.User), await JsonBody.Read<AuthorizeProviderCommand>(http.Request, ct), ct);
        return Results.Created($"/v1/providers/{result.Provider.Id}", result);
    }

    private static async Task<IResult> List(HttpContext http, ListProviders providers, CancellationToken ct) =>
        Results.Ok(Lists.Page(await providers.Handle(Caller.From(http.User), ct), PageQuery.Read(http.Request), p => p.Id, p => p.CreatedAt));

    private static async Task<IResult> SignInWithPassword(HttpContext http, SignIn signIn, CancellationToken ct)
    {
        var body = await JsonBody.Read<SignInRequest>(http.Request, ct);
        var outcome = await signIn.CheckWithSecondFactor(body.Email ?? "", body.Password ?? "", body.Code, SignIn.AddressOf(http), ct);
        if (outcome.Refusal is { } refusal)
        {
            // 401 with what the authenticator needs when enrolment is due; no session is started.
            return Results.Json(new
            {
                type = "https://ibis.example/problems/" + refusal, title = SignIn.Explain(refusal), status = 401, code = refusal, param = "code",
                enrolment = outcome.Enrolment is { } e ? new { secret = e.Secret, otpauth_uri = e.OtpAuthUri, qr_code_png = e.QrCodePng } : null,
            }, JsonBody.Options, "application/problem+json", 401);
        }
        var caller = outcome.Caller ?? throw new ApiException(401, "sign_in_failed", SignIn.Failure);
        await SignIn.Start(http, caller);
        return Results.Ok(new
        {
            @object = "session", user_id = caller.UserOrKeyId, role = caller.Role, administrator = caller.IsAdministrator, mode = caller.IsSandbox ? "test" : "live",
            recovery_codes = outcome.RecoveryCodes,
        });
    }
}
