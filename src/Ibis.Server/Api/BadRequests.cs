using System.Text.RegularExpressions;

namespace Ibis.Server.Api;

/// <summary>
/// The framework's own refusals of a request (a query or route value that does not bind, a missing
/// parameter, a body too large) retold in the API's words: its messages name .NET types
/// ("int? limit"), which no answer may show.
/// </summary>
internal static partial class BadRequests
{
    public static ApiException Describe(BadHttpRequestException e)
    {
        if (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
            return new ApiException(413, "request_too_large", "the request body is larger than this operation takes", "body");
        if (e.StatusCode == StatusCodes.Status415UnsupportedMediaType)
            return new ApiException(415, "unsupported_media_type", "send the request body as application/json");
        var bind = FailedToBind().Match(e.Message);
        if (bind.Success)
        {
            var name = bind.Groups["name"].Value;
            return new ApiException(400, "parameter_invalid", $"{name} must be {Expected(bind.Groups["type"].Value)}", name);
        }
        var required = RequiredParameter().Match(e.Message);
        if (required.Success)
        {
            var name = required.Groups["name"].Value;
            return new ApiException(400, "parameter_required", $"{name} is required", name);
        }
        if (e.Message.Contains("JSON", StringComparison.Ordinal))
            return new ApiException(400, "invalid_json", "the request body is not valid JSON for this operation; see /openapi/v1.json");
        return new ApiException(e.StatusCode, "bad_request", "the request could not be read; see /openapi/v1.json for this operation");
    }

    private static string Expected(string type) => JsonBody.Expected(type) is var words && words != "an object" ? words : "a valid value";

    [GeneratedRegex("""Failed to bind parameter "(?<type>[^"\s]+) (?<name>[^"\s]+)" from""")]
    private static partial Regex FailedToBind();

    [GeneratedRegex("""Required parameter "(?<type>[^"\s]+) (?<name>[^"\s]+)" was not provided""")]
    private static partial Regex RequiredParameter();
}
