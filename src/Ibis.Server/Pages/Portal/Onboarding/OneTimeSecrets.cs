using System.Text.Json;
using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace Ibis.Server.Pages.Portal.Onboarding;

/// <summary>Answers that carry a secret shown once (an invitation link, a new API key).</summary>
internal static class OneTimeSecrets
{
    /// <summary>The whole link an issuer passes on to the invited person.</summary>
    public static string AbsoluteLink(HttpRequest request, string path) => $"{request.Scheme}://{request.Host}{request.PathBase}{path}";

    /// <summary>Neither the browser nor a proxy keeps the page, and no link on it sends the address onwards.</summary>
    public static void ShownOnce(HttpResponse response)
    {
        response.Headers.CacheControl = "no-store";
        response.Headers["Referrer-Policy"] = "no-referrer";
    }

    private const string Item = "shown-once";

    /// <summary>
    /// Carries an answer with a secret from an idempotent form's post to the page its redirect shows
    /// (post/redirect/get): in TempData, a cookie sealed by data protection and removed once read, so the
    /// secret is shown once and never put in an address or kept with the form's answer.
    /// </summary>
    public static void Keep<T>(ITempDataDictionary temp, T answer) => temp[Item] = JsonSerializer.Serialize(answer);

    /// <summary>The answer <see cref="Keep{T}"/> carried, once; null when it was already shown (a resent form is answered without it).</summary>
    public static T? Take<T>(ITempDataDictionary temp) where T : class =>
        temp[Item] is string json ? JsonSerializer.Deserialize<T>(json) : null;

    /// <summary>What a form answered from its first post says in place of the secret.</summary>
    public static string AlreadyShown(string? done, string what) =>
        $"{done ?? "This form was already sent."} {what} was made by it; its link or key was shown once, on the first answer, and is not shown again.";
}
