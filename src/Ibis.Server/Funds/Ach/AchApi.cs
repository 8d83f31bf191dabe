using System.Globalization;
using System.Text;
using Ibis.Server.Api;
using Ibis.Server.UseCases;
using Ibis.Server.Auth;

namespace Ibis.Server.Funds.Ach;

/// <summary>The ACH round trip of a live installation's deposits, for the provider (P050 3.5a, §502.25).</summary>
internal static class AchApi
{
    public const long MaxFileBytes = 10 * 1024 * 1024;

    public static void MapAch(this RouteGroupBuilder v1)
    {
        v1.MapGet("/ach/debit-file", DebitFile).WithName("GetAchDebitFile")
            .WithSummary("Provider: the NACHA file of its live licensees' pending ACH debit deposits for an effective entry date (date=YYYY-MM-DD). The first request takes the deposits into that date's file; repeating it returns the same file.")
            .Produces(200, contentType: "text/plain").ProducesProblem(400).ProducesProblem(403).ProducesProblem(409);
        v1.MapPost("/ach/returns", Returns).WithName("PostAchReturns").Idempotent()
            .WithSummary("Provider: the bank's NACHA return file (text/plain). Each returned entry fails its deposit, reversing the credit if it was settled. All or nothing.")
            .Produces<AchReturnsView>().ProducesProblem(400).ProducesProblem(422);
        v1.MapPost("/ach/settlements", Settle).WithName("SettleAchDebits").Idempotent()
            .WithSummary("Provider: confirm (credit) the ACH debits whose settlement window has passed without a return.")
            .Produces<AchSettlementView>();
    }

    private static async Task<IResult> DebitFile(string? date, HttpContext http, AchDebitFiles files, CancellationToken ct)
    {
        if (!DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var effective))
            throw ApiException.Invalid("date_invalid", "date is the effective entry date, YYYY-MM-DD", "date");
        var file = await files.File(Caller.From(http.User), effective, ct);
        return Results.File(Encoding.ASCII.GetBytes(file), "text/plain", $"ach-debits-{date}.txt");
    }

    private static async Task<IResult> Returns(HttpContext http, AchReturns returns, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        AchAccess.Provider(caller, "the provider posts its bank's ACH return file");
        if (http.Request.ContentLength > MaxFileBytes) throw ApiException.Invalid("ach_file_too_large", $"an ACH file is at most {MaxFileBytes / 1024 / 1024} MB", "body");
        using var reader = new StreamReader(http.Request.Body, Encoding.ASCII);
        var text = await reader.ReadToEndAsync(ct);
        if (text.Length > MaxFileBytes) throw ApiException.Invalid("ach_file_too_large", "the ACH file is too large", "body");
        return Results.Ok(await returns.Process(caller, text, ct));
    }

    private static async Task<IResult> Settle(HttpContext http, AchSettlements settlements, CancellationToken ct) =>
        Results.Ok(await settlements.Settle(Caller.From(http.User), ct));
}

/// <summary>Who may take part in the ACH round trip: the provider, with a live key (its entries move real money).</summary>
internal static class AchAccess
{
    public static string Provider(Caller caller, string what)
    {
        if (caller.Role != Caller.ProviderRole || caller.ProviderId is null) throw new ApiException(403, "forbidden", what);
        if (caller.ViaApiKey && caller.TestMode) throw new ApiException(403, "mode_mismatch", "a test API key cannot take part in live ACH debits; use a live key");
        return caller.ProviderId;
    }
}
