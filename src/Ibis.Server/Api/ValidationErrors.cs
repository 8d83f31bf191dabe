namespace Ibis.Server.Api;

/// <summary>One thing wrong with a request: a stable code, a message in plain words and the offending parameter.</summary>
public sealed record FieldError(string Code, string Message, string? Param);

/// <summary>
/// Collects every problem of a request before answering, so a client fixes them all in one round
/// trip instead of one per call (issue 19: "every validation error reported at once"). The first
/// problem gives the answer's <c>code</c> and <c>param</c>; all of them are listed in <c>errors</c>.
/// </summary>
public sealed class ValidationErrors
{
    private readonly List<FieldError> _errors = [];

    public IReadOnlyList<FieldError> Errors => _errors;

    public bool Any => _errors.Count > 0;

    public void Add(string code, string message, string? param) => _errors.Add(new FieldError(code, message, param));

    /// <summary>Runs <paramref name="check"/>; an <see cref="ApiException"/> of bad input (400) is collected instead of thrown.</summary>
    public T? Try<T>(Func<T> check)
    {
        try
        {
            return check();
        }
        catch (ApiException e) when (e.Status == StatusCodes.Status400BadRequest)
        {
            foreach (var error in e.Errors) _errors.Add(error);
            return default;
        }
        catch (Ibis.Domain.BusinessRuleViolationException r) when (ApiException.FromRule(r.Rule) is { Status: StatusCodes.Status400BadRequest } e)
        {
            _errors.Add(new FieldError(e.Code, e.Message, e.Field));
            return default;
        }
    }

    /// <summary>Throws one 400 listing every collected problem, when there is any.</summary>
    public void ThrowIfAny()
    {
        if (Refusal() is { } refusal) throw refusal;
    }

    /// <summary>The one 400 <see cref="ThrowIfAny"/> throws, for a caller that shows it rather than throwing it (a batch preview's row); null when there is no problem.</summary>
    public ApiException? Refusal()
    {
        if (_errors.Count == 0) return null;
        var first = _errors[0];
        return new ApiException(StatusCodes.Status400BadRequest, first.Code,
            _errors.Count == 1 ? first.Message : $"{_errors.Count} problems with this request: " + string.Join("; ", _errors.Select(e => e.Message)),
            first.Param, _errors);
    }
}
