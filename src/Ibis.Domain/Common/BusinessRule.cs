namespace Ibis.Domain;

/// <summary>
/// A rule of the seed documents that a request can break. Each has a stable code, which becomes the
/// API error code, so a client (and a test) can tell which rule broke.
/// </summary>
public interface IBusinessRule
{
    string Code { get; }

    string Message { get; }

    /// <summary>The request field the rule is about, when there is one (for problem+json "errors").</summary>
    string? Field => null;

    /// <summary>What kind of refusal this is; the edge maps each kind to one HTTP status.</summary>
    RuleKind Kind => RuleKind.Unprocessable;

    bool IsBroken();
}

/// <summary>
/// The kinds of refusal. A rule declares its kind once; the API maps a kind to an HTTP status in one
/// place (bad input 400, forbidden 403, not found 404, conflict 409, unprocessable 422, payment 402).
/// </summary>
public enum RuleKind
{
    Unprocessable,
    BadInput,
    Forbidden,
    NotFound,
    Conflict,
    PaymentRequired,
}

/// <summary>Thrown when a command breaks a business rule; carries the rule.</summary>
public sealed class BusinessRuleViolationException(IBusinessRule rule) : Exception(rule.Message)
{
    public IBusinessRule Rule { get; } = rule;

    public string Code => Rule.Code;
}

public static class Rules
{
    public static void Check(IBusinessRule rule)
    {
        if (rule.IsBroken()) throw new BusinessRuleViolationException(rule);
    }
}

/// <summary>A rule broken by a value that failed validation before any domain object was touched.</summary>
public sealed record BrokenRule(string Code, string Message, string? Field = null, RuleKind Kind = RuleKind.Unprocessable) : IBusinessRule
{
    public bool IsBroken() => true;
}
