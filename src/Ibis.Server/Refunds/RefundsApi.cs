using Ibis.Domain;
using Ibis.Server.Api;
using Ibis.Server.UseCases;
using Ibis.Server.Auth;

namespace Ibis.Server.Refunds;

/// <summary>A scanned page sent inside JSON: its file name and its bytes in base64 (PNG, JPEG or PDF).</summary>
public sealed record ScanBody(string? Name, string? ContentBase64);

public sealed record RequestRefundBody(string? DeviceId, IReadOnlyList<string>? Indicia, IReadOnlyList<ScanBody>? Scans);

/// <summary>
/// Refunds of P050 3.3 / §502.27 over HTTP: the licensee asks (JSON with indicium ids and/or base64
/// scans, or multipart/form-data with files), the provider reviews and certifies, the district MATS
/// coordinator approves (and the credit is posted), anyone entitled reads the refund and its Form 3533.
/// </summary>
public static class RefundsApi
{
    public const string Tag = "Refunds";

    /// <summary>Uploaded scans, all files together (a few 300-dpi pages of pieces fit easily).</summary>
    private const long MaxUploadBytes = 40L * 1024 * 1024;

    public static void MapRefunds(this RouteGroupBuilder v1)
    {
        var refunds = v1.MapGroup("/refunds").WithTags(Tag);
        refunds.MapPost("", async (HttpContext http, RequestRefund request, CancellationToken ct) =>
            {
                var view = await request.Handle(Caller.From(http.User), await ReadRequest(http.Request, ct), ct);
                return Results.Created($"/v1/refunds/{view.Id}", view);
            })
            .WithName("RequestRefund").Idempotent().WithSummary("Licensee: Form 3533 for unused postage — pieces by id and/or scanned pages; each piece answered qualifies or not, with its reason (§502.27(a)).")
            .Accepts<RequestRefundBody>("application/json", "multipart/form-data").Produces<RefundView>(201).ProducesProblem(400).ProducesProblem(403).ProducesProblem(404);
        refunds.MapGet("", async (HttpContext http, RefundQueries queries, string? status, CancellationToken ct) =>
                Results.Ok(await queries.List(Caller.From(http.User), new ListRefundsQuery(status, PageQuery.Read(http.Request)), ct)))
            .WithName("ListRefunds").WithSummary("The refunds the caller may see (status filters), newest first.").Paged<RefundView>();
        refunds.MapGet("/{refundId}", async (string refundId, HttpContext http, RefundQueries queries, CancellationToken ct) =>
                Results.Ok(await queries.Get(Caller.From(http.User), refundId, ct)))
            .WithName("GetRefund").Produces<RefundView>().ProducesProblem(404);
        refunds.MapGet("/{refundId}/form.pdf", async (string refundId, HttpContext http, RefundForm form, CancellationToken ct) =>
                Results.File(await form.Pdf(Caller.From(http.User), refundId, ct), "application/pdf", $"form-3533-{refundId}.pdf"))
            .WithName("GetRefundForm").WithSummary("Form 3533 with Part IV: pieces grouped by postage value, group totals, grand total, annotations, certification.")
            .ProducesFile("Form 3533 (PDF).", "application/pdf").ProducesProblem(404);
        refunds.MapPost("/{refundId}/review", async (string refundId, HttpContext http, ReviewRefund review, CancellationToken ct) =>
                Results.Ok(await review.Handle(Caller.From(http.User), refundId, await ReadOptional<ReviewRefundCommand>(http.Request, ct) ?? new ReviewRefundCommand(null), ct)))
            .WithName("ReviewRefund").WithSummary("Provider: the pieces arrived and are verified; annotate non-qualifying pieces (§502.27(a)(3)).")
            .Accepts<ReviewRefundCommand>("application/json").Produces<RefundView>().ProducesProblem(404).ProducesProblem(409);
        refunds.MapPost("/{refundId}/certification", async (string refundId, HttpContext http, CertifyRefund certify, CancellationToken ct) =>
                Results.Ok(await certify.Handle(Caller.From(http.User), refundId, await JsonBody.Read<CertifyRefundCommand>(http.Request, ct), ct)))
            .WithName("CertifyRefund").WithSummary("Provider: an authorized individual signs the amount below Part IV; the form is sent to the district (§502.27(a)(4)–(5)).")
            .Accepts<CertifyRefundCommand>("application/json").Produces<RefundView>().ProducesProblem(400).ProducesProblem(404).ProducesProblem(409);
        refunds.MapPost("/{refundId}/approval", async (string refundId, HttpContext http, ApproveRefund approve, CancellationToken ct) =>
                Results.Ok(await approve.Handle(Caller.From(http.User), refundId, ct)))
            .WithName("ApproveRefund").WithSummary("District MATS coordinator: approve; the amount is credited to the licensee's deposit account (§502.27(a)(6)).")
            .Produces<RefundView>().ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        refunds.MapPost("/{refundId}/rejection", async (string refundId, HttpContext http, RejectRefund reject, CancellationToken ct) =>
                Results.Ok(await reject.Handle(Caller.From(http.User), refundId, await JsonBody.Read<RejectRefundCommand>(http.Request, ct), ct)))
            .WithName("RejectRefund").WithSummary("Provider or district MATS coordinator: refuse, with the reason; the pieces are given back.")
            .Accepts<RejectRefundCommand>("application/json").Produces<RefundView>().ProducesProblem(400).ProducesProblem(404).ProducesProblem(409);
        refunds.MapPost("/{refundId}/receipt", async (string refundId, HttpContext http, RecordReceipt receipt, CancellationToken ct) =>
                Results.Ok(await receipt.Handle(Caller.From(http.User), refundId, (await ReadRequest(http.Request, ct)).Scans ?? [], ct)))
            .WithName("RecordRefundReceipt").WithSummary("Provider: scans of the pieces physically received; each is matched to Part IV — confirmed, not received (annotated), or not asked for (reported) (§502.27(a)(2)–(3)).")
            .Accepts<RequestRefundBody>("application/json", "multipart/form-data").Produces<RefundView>().ProducesProblem(400).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        refunds.MapGet("/retained", async (HttpContext http, ListRetainedPieces retained, CancellationToken ct) =>
                Results.Ok(new { Object = "list", Data = await retained.Handle(Caller.From(http.User), ct) }))
            .WithName("ListRetainedRefunds").WithSummary("Postal Service (and the provider): refunds whose returned pieces are retained, with their destruction date and latest audit (§502.27(a)(7)).")
            .ProducesProblem(403);
        refunds.MapPost("/{refundId}/audit", async (string refundId, HttpContext http, AuditRetainedPieces audits, CancellationToken ct) =>
                Results.Ok(await audits.Handle(Caller.From(http.User), refundId, await JsonBody.Read<AuditRefundCommand>(http.Request, ct), ct)))
            .WithName("AuditRefund").WithSummary("Postal Service: record an audit of the retained pieces — who, when, the finding — before their destruction (§502.27(a)(7)).")
            .Accepts<AuditRefundCommand>("application/json").Produces<RefundView>().ProducesProblem(400).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        refunds.MapPost("/retention-runs", async (HttpContext http, DestroyRetainedPieces destroy, CancellationToken ct) =>
                Results.Ok(await destroy.Handle(Caller.From(http.User), ct)))
            .WithName("DestroyRetainedRefundPieces").WithSummary("Provider: destroy (and log) the returned pieces whose 45-day retention ended (§502.27(a)(7)).")
            .Produces<RetentionRunView>();
    }

    /// <summary>JSON (ids and base64 scans) or multipart/form-data (device_id, indicia, files).</summary>
    internal static async Task<RequestRefundCommand> ReadRequest(HttpRequest request, CancellationToken ct)
    {
        if (request.HasFormContentType)
        {
            if (request.ContentLength > MaxUploadBytes) throw TooLarge();
            var form = await request.ReadFormAsync(ct);
            var ids = form["indicia"].SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
            var scans = new List<ScanUpload>();
            long total = 0;
            foreach (var file in form.Files)
            {
                total += file.Length;
                if (total > MaxUploadBytes) throw TooLarge();
                using var buffer = new MemoryStream();
                await file.CopyToAsync(buffer, ct);
                scans.Add(new ScanUpload(string.IsNullOrWhiteSpace(file.FileName) ? file.Name : Path.GetFileName(file.FileName), buffer.ToArray()));
            }
            return new RequestRefundCommand(form["device_id"].FirstOrDefault(), ids, scans);
        }
        var body = await JsonBody.Read<RequestRefundBody>(request, ct);
        var decoded = new List<ScanUpload>();
        var i = 0;
        foreach (var scan in body.Scans ?? [])
        {
            i++;
            byte[] bytes;
            try { bytes = Convert.FromBase64String(scan.ContentBase64 ?? ""); }
            catch (FormatException) { throw new BusinessRuleViolationException(new BrokenRule("scan_invalid", $"scan {i} is not base64 (content_base64)", "scans", RuleKind.BadInput)); }
            decoded.Add(new ScanUpload(string.IsNullOrWhiteSpace(scan.Name) ? $"scan {i}" : scan.Name.Trim(), bytes));
        }
        return new RequestRefundCommand(body.DeviceId, body.Indicia, decoded);
    }

    private static async Task<T?> ReadOptional<T>(HttpRequest request, CancellationToken ct) where T : class =>
        request.ContentLength is null or 0 && request.ContentType is null ? null : await JsonBody.Read<T>(request, ct);

    private static BusinessRuleViolationException TooLarge() =>
        new(new BrokenRule("scans_too_large", $"the scans together exceed {MaxUploadBytes / (1024 * 1024)} MB; send fewer pages per request", "scans", RuleKind.BadInput));
}

/// <summary>The refunds module's services, registered by the composition root.</summary>
public static class RefundsModule
{
    public static IServiceCollection AddRefunds(this IServiceCollection services)
    {
        services.AddScoped<PieceInspectionReads>();
        services.AddScoped<IMailstreamSightings, ScanStoreSightings>();
        services.AddScoped<RequestRefund>();
        services.AddScoped<ReviewRefund>();
        services.AddScoped<CertifyRefund>();
        services.AddScoped<ApproveRefund>();
        services.AddScoped<RejectRefund>();
        services.AddScoped<RefundQueries>();
        services.AddScoped<RefundForm>();
        services.AddScoped<DestroyRetainedPieces>();
        services.AddScoped<RecordReceipt>();
        services.AddScoped<AuditRetainedPieces>();
        services.AddScoped<ListRetainedPieces>();
        services.AddScoped<Funds.IBalanceRefunds, BalanceRefunds>();
        return services;
    }
}
