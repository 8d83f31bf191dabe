using Ibis.Domain;

namespace Ibis.Server.Api;

/// <summary>
/// An error the API reports as problem+json: HTTP status, stable code, message and optionally the
/// offending request field. Thrown anywhere in a request; the error middleware writes it.
/// </summary>
public sealed class ApiException(int status, string code, string message, string? field = null, IReadOnlyList<FieldError>? errors = null) : Exception(message)
{
    public int Status { get; } = status;

    public string Code { get; } = code;

    public string? Field { get; } = field;

    /// <summary>Every problem of the request (at least this one when it names a field), each with its <c>param</c>.</summary>
    public IReadOnlyList<FieldError> Errors { get; } = errors ?? (field is null ? [] : [new FieldError(code, message, field)]);

    public static ApiException NotFound(string what, string id) =>
        new(StatusCodes.Status404NotFound, $"{what}_not_found", $"no {what.Replace('_', ' ')} '{id}' exists (or it is not yours)");

    public static ApiException Invalid(string code, string message, string field) =>
        new(StatusCodes.Status400BadRequest, code, message, field);

    public static ApiException FromParse<T>(ParseResult<T> result, string field) =>
        Invalid(result.ErrorCode!, result.ErrorMessage!, field);

    /// <summary>The HTTP status of each kind of refusal, declared once.</summary>
    public static int StatusOf(RuleKind kind) => kind switch
    {
        RuleKind.BadInput => StatusCodes.Status400BadRequest,
        RuleKind.Forbidden => StatusCodes.Status403Forbidden,
        RuleKind.NotFound => StatusCodes.Status404NotFound,
        RuleKind.Conflict => StatusCodes.Status409Conflict,
        RuleKind.PaymentRequired => StatusCodes.Status402PaymentRequired,
        _ => StatusCodes.Status422UnprocessableEntity,
    };

    /// <summary>The refusal for a broken business rule: the status its kind declares (<see cref="StatusOf"/>).</summary>
    public static ApiException FromRule(IBusinessRule rule) => new(StatusOf(rule.Kind), rule.Code, rule.Message, rule.Field);

    /// <summary>The same refusal about piece <paramref name="index"/> of a batch: its message and field name the piece.</summary>
    public ApiException OfPiece(int index, string? field = null) =>
        new(Status, Code, $"piece {index}: {Message}", $"pieces[{index}].{field ?? Field ?? ""}".TrimEnd('.'));
}
