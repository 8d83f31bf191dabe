namespace Ibis.Server.Pages.Portal.Onboarding;

/// <summary>Answers that carry a secret shown once (an invitation link, a new API key).</summary>
public static class OneTimeSecrets
{
    /// <summary>The whole link an issuer passes on to the invited person.</summary>
    public static string AbsoluteLink(HttpRequest request, string path) => $"{request.Scheme}://{request.Host}{request.PathBase}{path}";

    /// <summary>Neither the browser nor a proxy keeps the page, and no link on it sends the address onwards.</summary>
    public static void ShownOnce(HttpResponse response)
    {
        response.Headers.CacheControl = "no-store";
        response.Headers["Referrer-Policy"] = "no-referrer";
    }
}
