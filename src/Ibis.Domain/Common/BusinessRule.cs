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

    bool IsBroken();
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
public sealed record BrokenRule(string Code, string Message, string? Field = null) : IBusinessRule
{
    public bool IsBroken() => true;
}
