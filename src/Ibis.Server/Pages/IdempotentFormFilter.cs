using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Ibis.Server.UseCases;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.Routing;
using Microsoft.AspNetCore.WebUtilities;

namespace Ibis.Server.Pages;

/// <summary>
/// Marks a page handler whose form must act at most once: the form carries a key in the hidden field
/// <see cref="Field"/> (a new one each time the form is shown, the same one when it is shown again after
/// a refusal), and <see cref="IdempotentFormFilter"/> makes a second post of it (a double click, a
/// reload of the POST, the back button) land where the first one did, doing nothing.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class IdempotentFormAttribute(string field) : Attribute
{
    public string Field { get; } = field;

    /// <summary>Shown (as the <c>done</c> notice) when a form is answered from its first post; null keeps the first answer's notice.</summary>
    public string? Replayed { get; init; }
}

/// <summary>
/// The portal's one guard against a form acting twice (issue 18). For a handler marked
/// <see cref="IdempotentFormAttribute"/> whose form carries a key, the key is claimed
/// (<see cref="IdempotencyClaims"/>, scope <c>portal-form/</c> and the user) before the handler runs,
/// with a hash of everything posted. A handler that answers with a redirect (post/redirect/get) keeps
/// that redirect under the key; a post of the same form again gets the same redirect and runs nothing
/// (one that arrives while the first still runs waits for it). Any other answer — the form shown again
/// with a refusal or a changed price — releases the key, so the corrected form can be sent with it.
/// The same key with other values after a success is refused (<c>form_already_submitted</c>).
/// A handler whose use case keeps an idempotency key beside its effect, under the row it locks (a
/// deposit account's money: <c>Funds/AccountTransaction</c>), passes it the claimed key
/// (<see cref="RequestOf"/>): the answer kept here can be lost between the effect and its recording
/// (the request aborted by a double click, a payment processor failing after the deposit is recorded),
/// and the key released; the next post of the form is then answered by the use case from its own key,
/// never acted on twice.
/// </summary>
public sealed class IdempotentFormFilter(IdempotencyClaims claims, IUrlHelperFactory urls) : IAsyncPageFilter
{
    /// <summary>How long a second post waits for the first one under its key before it is refused as still running.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    private const string AntiforgeryField = "__RequestVerificationToken";

    private static readonly object ClaimedItem = new();

    /// <summary>
    /// The key this request's idempotent form claimed, with the hash of what it posted, for a use case that
    /// keeps it beside its effect (scoped by the use case to the row it locks, so it cannot meet an API
    /// client's key); <see cref="IdempotentRequest.None"/> when the form carried no key.
    /// </summary>
    public static IdempotentRequest RequestOf(HttpContext http) =>
        http.Items.TryGetValue(ClaimedItem, out var claimed) && claimed is IdempotentRequest request
            ? request with { Key = "portal-form/" + request.Key }
            : IdempotentRequest.None;

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var marked = context.HandlerMethod?.MethodInfo.GetCustomAttribute<IdempotentFormAttribute>();
        var http = context.HttpContext;
        if (marked is null || !http.Request.HasFormContentType)
        {
            await next();
            return;
        }
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var key = form[marked.Field].ToString();
        if (string.IsNullOrEmpty(key))
        {
            await next();
            return;
        }
        var scope = "portal-form/" + Caller.From(http.User).UserOrKeyId;
        var request = new IdempotentRequest(key, Fingerprint(context, form, marked.Field));
        if (await ClaimOrReplay(scope, request, http.RequestAborted) is { } replay)
        {
            context.Result = new RedirectResult(WithNotice(replay.Location ?? http.Request.Path, marked.Replayed));
            return;
        }
        http.Items[ClaimedItem] = request;
        var kept = false;
        try
        {
            var done = await next();
            if (done.Exception is null && Location(done) is { } location)
            {
                await claims.Record(scope, request, StatusCodes.Status303SeeOther, [], location, CancellationToken.None);
                kept = true;
            }
        }
        finally
        {
            if (!kept) await claims.Release(scope, request, CancellationToken.None);
        }
    }

    /// <summary>Null once the key is this request's; the first post's answer when there was one.</summary>
    private async Task<ApiReply?> ClaimOrReplay(string scope, IdempotentRequest request, CancellationToken ct)
    {
        var until = DateTimeOffset.UtcNow + Patience;
        while (true)
        {
            IdempotencyClaims.Claim claim;
            try
            {
                claim = await claims.Try(scope, request, ct);
            }
            catch (ApiException e) when (e.Code == "idempotency_key_reused")
            {
                throw new ApiException(StatusCodes.Status409Conflict, "form_already_submitted",
                    "this form was already sent with other values; open the page again to start a new one");
            }
            if (claim.Claimed) return null;
            if (claim.Replay is { } replay) return replay;
            if (DateTimeOffset.UtcNow > until)
                throw new ApiException(StatusCodes.Status409Conflict, "form_in_progress", "this form is still being sent; wait a moment and open the page again");
            await Task.Delay(Poll, ct); // the first post of this form still runs: its answer is ours
        }
    }

    /// <summary>Where the handler's redirect goes (as its executor will compute it), or null when it answered otherwise.</summary>
    private string? Location(PageHandlerExecutedContext done) => done.Result switch
    {
        RedirectToPageResult r => (r.UrlHelper ?? urls.GetUrlHelper(done)).Page(r.PageName, r.PageHandler, r.RouteValues, r.Protocol, r.Host, r.Fragment),
        RedirectResult r => r.Url,
        LocalRedirectResult r => r.Url,
        _ => null,
    };

    /// <summary>The page, the handler and every posted field but the key and the anti-forgery token, in a fixed order.</summary>
    private static string Fingerprint(PageHandlerExecutingContext context, IFormCollection form, string keyField)
    {
        var text = new StringBuilder(context.ActionDescriptor.ViewEnginePath).Append('\n').Append(context.HandlerMethod?.Name).Append('\n');
        foreach (var (name, value) in context.RouteData.Values.OrderBy(v => v.Key, StringComparer.Ordinal))
            text.Append(name).Append('=').Append(value).Append('\n');
        foreach (var field in form.Keys.Where(k => k != keyField && k != AntiforgeryField).Order(StringComparer.Ordinal))
            text.Append(field).Append('=').Append(string.Join('\u001f', form[field].ToArray())).Append('\n');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private static string WithNotice(string location, string? notice)
    {
        if (notice is null) return location;
        var at = location.IndexOf('?', StringComparison.Ordinal);
        var path = at < 0 ? location : location[..at];
        var query = at < 0 ? [] : QueryHelpers.ParseQuery(location[at..]);
        var kept = query.Where(q => q.Key != "done").SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string?>(q.Key, v)))
            .Append(new("done", notice));
        return QueryHelpers.AddQueryString(path, kept);
    }
}
