using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ibis.Server.Pages;

/// <summary>
/// The page a person sees for a bare error status outside /v1 (an unknown address, a refused
/// role, too many stamp checks): the status-code pages middleware re-executes here with the
/// original status, so the answer keeps its 404/403/429 and reads as part of the portal.
/// </summary>
// A re-executed POST (a refused stamp check) arrives here without a token of its own.
[AllowAnonymous]
[IgnoreAntiforgeryToken]
internal sealed class StatusModel : PageModel
{
    public int Code { get; private set; }

    public string Title { get; private set; } = "";

    public string Explanation { get; private set; } = "";

    public int? RetryAfter { get; private set; }

    public void OnGet(int code)
    {
        Code = code is >= 400 and <= 599 ? code : 404;
        var reexecuted = HttpContext.Features.Get<IStatusCodeReExecuteFeature>() is not null;
        // Asked for directly (/status/404), the page still answers with the status it describes.
        if (!reexecuted) Response.StatusCode = Code;
        if (int.TryParse(Response.Headers.RetryAfter.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var retry)) RetryAfter = retry;
        (Title, Explanation) = Code switch
        {
            404 => ("Page not found", "There is nothing at this address, or it is not yours to see. Check the address, or start again from the home page."),
            403 => ("Not allowed", "Your role may not open this page. If you think it should, ask an administrator of your organisation."),
            429 => ("Too many requests", "You have made many requests in a short time. This limit protects the service for everyone."),
            405 => ("Not possible here", "This page cannot be used that way. Start again from the home page."),
            413 => ("Too large", "What you sent is larger than this page accepts."),
            _ => ("Something went wrong", $"The server answered with status {Code}. Please try again later."),
        };
    }

    public void OnPost(int code) => OnGet(code);
}
