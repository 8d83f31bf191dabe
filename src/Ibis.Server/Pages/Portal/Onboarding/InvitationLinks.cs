namespace Ibis.Server.Pages.Portal.Onboarding;

/// <summary>The whole link an issuer passes on to the invited person.</summary>
public static class InvitationLinks
{
    public static string Absolute(HttpRequest request, string path) => $"{request.Scheme}://{request.Host}{request.PathBase}{path}";
}
