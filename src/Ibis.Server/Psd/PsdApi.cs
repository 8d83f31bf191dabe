using Ibis.Data;
using Ibis.Domain;
using Ibis.Server.Api;
using Ibis.Server.UseCases;
using Ibis.Server.Auth;
using Ibis.Server.Devices;
using Ibis.Server.Indicia;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Psd;

public sealed record ResetRequest(MoneyInput? Amount);

public sealed record AuditRequest(string? Message, string? Signature);

/// <summary>A key rollover takes no fields; an empty JSON object is accepted.</summary>
public sealed record KeyRolloverRequest;

/// <summary>The PSD's operations over HTTP: resets, audits, withdrawal, and their histories.</summary>
public static class PsdApi
{
    public static void MapPsd(this RouteGroupBuilder api)
    {
        var v1 = api.MapGroup("").WithTags("Devices"); // one tag per module in the API reference
        v1.MapPost("/devices/{deviceId}/resets", Reset).WithName("ResetDevice")
            .WithSummary("Postage value download: audit, debit the deposit account, credit DR (P050 3.5). Takes Idempotency-Key.")
            .Accepts<ResetRequest>("application/json").Produces<ResetView>(201).ProducesProblem(400).ProducesProblem(402).ProducesProblem(404).ProducesProblem(409).ProducesProblem(422);
        v1.MapGet("/devices/{deviceId}/resets", Resets).WithName("ListResets").WithSummary("The device's resets, newest first.").Paged<ResetView>();
        v1.MapPost("/devices/{deviceId}/audit-challenges", Challenge).WithName("CreateAuditChallenge")
            .WithSummary("Provider: a nonce for the device to answer in its next audit message.").Produces<AuditChallengeView>(201);
        // A POST: the device signs (a write); GET is refused (405) so that no link or prefetch makes a device sign.
        v1.MapPost("/devices/{deviceId}/audit-message", Message).WithName("SignAuditMessage")
            .WithSummary("The device's signed audit message answering ?nonce=… (§502.23).").Produces<AuditMessageView>();
        v1.MapPost("/devices/{deviceId}/audits", Audit).WithName("AuditDevice")
            .WithSummary("Provider: verify an audit message (or, with an empty body, run the whole audit). A failed audit locks the device.")
            .Accepts<AuditRequest>("application/json").Produces<AuditView>(201).ProducesProblem(409).ProducesProblem(422);
        v1.MapGet("/devices/{deviceId}/audits", Audits).WithName("ListAudits").WithSummary("The device's audits, newest first.").Paged<AuditView>();
        v1.MapPost("/devices/{deviceId}/withdrawal", Withdraw).WithName("WithdrawDevice")
            .WithSummary("Provider: check the device out of service (Form 3601-C) and destroy its key (§502.20(e)).")
            .Accepts<CheckOutRequest>("application/json").Produces<ActivityReportView>(201).ProducesProblem(409);
        v1.MapPost("/devices/{deviceId}/key-rollover", RollOver).WithName("RollOverDeviceKey")
            .WithSummary("Provider: a new device key, certified by the Postal Service CA; pieces signed under the old certificate keep verifying (§502.28). Takes Idempotency-Key.")
            .Produces<KeyRolloverView>(201).Produces<CertificateRequestView>(202).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        v1.MapGet("/cases", Cases).WithName("ListCases").RequireAccess(AuditDevice.Access)
            .WithSummary("Provider: its cases (failed audits, register integrity failures, weaknesses it opened); status=open|investigating|resolved|all, default the unresolved ones.")
            .Paged<CaseView>().ProducesProblem(400);
    }

    private static async Task<IResult> Reset(string deviceId, HttpContext http, ResetDevice reset, CancellationToken ct)
    {
        var (body, idempotent) = await IdempotentBody.Read<ResetRequest>(http, ct);
        var amount = (body.Amount ?? throw ApiException.Invalid("amount_required", "amount is required, e.g. \"100.000\"", "amount")).Parse("amount");
        return (await reset.Handle(Caller.From(http.User), deviceId, amount, idempotent, ct)).ToResult(http);
    }

    private static async Task<IResult> Resets(string deviceId, HttpContext http, IbisDb db, CancellationToken ct)
    {
        await DeviceAccess.LoadOwned(db, Caller.From(http.User), deviceId, ct);
        return Results.Ok(await Lists.Page(db.Resets.AsNoTracking().Where(r => r.DeviceId == deviceId), PageQuery.Read(http.Request),
            new ListOrder<Ibis.Data.Entities.ResetRow, long>(r => r.Sequence, r => r.Id, Created: r => r.CreatedAt), ResetView.From, ct));
    }

    private static async Task<IResult> Challenge(string deviceId, HttpContext http, IssueAuditChallenge challenges, CancellationToken ct) =>
        Results.Json(await challenges.Handle(Caller.From(http.User), deviceId, ct), statusCode: 201);

    private static async Task<IResult> Message(string deviceId, string? nonce, HttpContext http, ProduceAuditMessage messages, CancellationToken ct) =>
        (await messages.Handle(Caller.From(http.User), deviceId, nonce, ct)).ToResult(http);

    private static async Task<IResult> Audit(string deviceId, HttpContext http, AuditDevice audits, CancellationToken ct)
    {
        var (body, idempotent) = http.Request.ContentLength is null or 0
            ? (new AuditRequest(null, null), new IdempotentRequest(IdempotentBody.Key(http), ""))
            : await IdempotentBody.Read<AuditRequest>(http, ct);
        return (await audits.Handle(Caller.From(http.User), deviceId, body.Message, body.Signature, idempotent, ct)).ToResult(http);
    }

    private static async Task<IResult> Audits(string deviceId, HttpContext http, IbisDb db, CancellationToken ct)
    {
        await DeviceAccess.LoadOwned(db, Caller.From(http.User), deviceId, ct);
        return Results.Ok(await Lists.Page(db.Audits.AsNoTracking().Where(a => a.DeviceId == deviceId), PageQuery.Read(http.Request),
            Lists.NewestFirst<Ibis.Data.Entities.AuditRow>(a => a.CreatedAt, a => a.Id), AuditView.From, ct));
    }

    // The same check-out as POST …/check-out (DeviceIncidentsApi).
    private static Task<IResult> Withdraw(string deviceId, HttpContext http, WithdrawDevice withdraw, CancellationToken ct) =>
        DeviceIncidentsApi.CheckOut(deviceId, http, withdraw, ct);

    private static async Task<IResult> RollOver(string deviceId, HttpContext http, RollOverDeviceKey rollover, CancellationToken ct)
    {
        var idempotent = http.Request.ContentLength is null or 0
            ? new IdempotentRequest(IdempotentBody.Key(http), "")
            : (await IdempotentBody.Read<KeyRolloverRequest>(http, ct)).Idempotent;
        return (await rollover.Handle(Caller.From(http.User), deviceId, idempotent, ct)).ToResult(http);
    }

    private static async Task<IResult> Cases(HttpContext http, IbisDb db, string? status, CancellationToken ct)
    {
        var caller = Caller.From(http.User); // the provider's (RequireAccess): the cases of its devices
        var cases = db.Cases.AsNoTracking().Where(c => c.ProviderId == caller.ProviderId);
        cases = status switch
        {
            null or "" => cases.Where(c => c.ResolvedAt == null),
            "all" => cases,
            _ when EnumText<Domain.Reporting.CaseStatus>.TryParse(status, out var wanted) => wanted switch
            {
                Domain.Reporting.CaseStatus.Open => cases.Where(c => c.ResolvedAt == null && c.InvestigationStartedAt == null),
                Domain.Reporting.CaseStatus.Investigating => cases.Where(c => c.ResolvedAt == null && c.InvestigationStartedAt != null),
                _ => cases.Where(c => c.ResolvedAt != null),
            },
            _ => throw ApiException.Invalid("case_status_invalid", "status is open, investigating, resolved or all", "status"),
        };
        return Results.Ok(await Lists.Page(cases, PageQuery.Read(http.Request),
            Lists.NewestFirst<Ibis.Data.Entities.CaseRow>(c => c.CreatedAt, c => c.Id), CaseView.From, ct));
    }
}
