using Ibis.Domain;
using Ibis.Server.Api;
using Ibis.Server.Pages.Portal.Devices;
using Ibis.Server.UseCases;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ibis.Server.Pages;

/// <summary>
/// A page whose forms' refusals <see cref="RefusalFilter"/> shows. The page's handlers call the use
/// cases and let a refusal (a broken rule or an <see cref="ApiException"/>) propagate; they neither
/// catch it nor clear the database context.
/// </summary>
internal interface IRefusalPage
{
    /// <summary>The page shown again after a refused form: it reloads what it shows (the registers as they now stand …).</summary>
    Task<IActionResult> ShowAgainAsync(CancellationToken ct);

    /// <summary>The input a refusal naming <paramref name="field"/> (API spelling) is shown next to; null: the summary at the top.</summary>
    string? InputFor(string field) => null;

    /// <summary>
    /// When set, an <see cref="ApiException"/> 404 shows the not-found page naming this (another
    /// licensee's device is not found, as in the API) instead of a refusal on the form.
    /// </summary>
    string? NotFoundAs => null;

    /// <summary>
    /// Whether a 404 refusal with <paramref name="code"/> is the page's own subject not found (shown as
    /// <see cref="NotFoundAs"/>) rather than something the form named (shown on the form); by default every 404.
    /// </summary>
    bool IsNotFound(string code) => true;
}

/// <summary>
/// The portal's one answer to a refused form (issue 18): when a handler of an <see cref="IRefusalPage"/>
/// throws a <see cref="BusinessRuleViolationException"/> or an <see cref="ApiException"/>, the request's
/// unit of work is discarded (nothing half-done is saved), the refusal goes into the model state as
/// "message (code)" — next to the input it names, or in the page's error summary — and the page is
/// shown again. Registered for every page in <c>IbisComposition</c>, outside <see cref="IdempotentFormFilter"/>,
/// so a refused idempotent form has already released its key when it is shown again.
/// </summary>
public sealed class RefusalFilter(UnitOfWork work) : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var done = await next();
        if (done.Exception is null || done.ExceptionHandled || context.HandlerInstance is not (PageModel page and IRefusalPage refusing)) return;
        if (Refusal.Of(done.Exception) is not { } refusal) return;
        work.Discard();
        done.ExceptionHandled = true;
        if (refusal.Status == StatusCodes.Status404NotFound && refusing.NotFoundAs is { } what && refusing.IsNotFound(refusal.Code))
        {
            done.Result = page.NotFoundPage(what);
            return;
        }
        foreach (var (code, message, field) in refusal.Problems)
        {
            var input = field is null ? null : refusing.InputFor(field);
            // As the rule states it: a message may begin with a field's name (post_office.zip), so it is not re-cased.
            page.ModelState.AddModelError(input ?? "", $"{message} ({code})");
        }
        done.Result = await refusing.ShowAgainAsync(context.HttpContext.RequestAborted);
    }

    /// <summary>What a refusal says, whichever way it was raised.</summary>
    public sealed record Refusal(int Status, string Code, string Message, string? Field)
    {
        /// <summary>
        /// Each problem to show: an <see cref="ApiException"/> that lists several (a form with more than
        /// one invalid field) shows each next to its own input; otherwise the one refusal.
        /// </summary>
        public IReadOnlyList<FieldError> Problems { get; init; } = [new FieldError(Code, Message, Field)];

        public static Refusal? Of(Exception e) => e switch
        {
            BusinessRuleViolationException b => new Refusal(ApiException.StatusOf(b.Rule.Kind), b.Code, b.Rule.Message, b.Rule.Field),
            ApiException { Errors.Count: > 1 } a => new Refusal(a.Status, a.Code, a.Message, a.Field) { Problems = a.Errors },
            ApiException a => new Refusal(a.Status, a.Code, a.Message, a.Field),
            _ => null,
        };
    }
}
