using Ibis.Domain;

namespace Ibis.Rendering.Mailpieces;

/// <summary>
/// A placement or content rule of P050 4 that a mailpiece broke. Code is always
/// <c>layout_violation</c>, so the API maps every refusal the same way; <see cref="Section"/> names
/// the rule ("P050 4.4") and the message says what was wrong.
/// </summary>
/// <param name="Section">The rule, e.g. "P050 4.4".</param>
/// <param name="Detail">What broke it, in words a mailer can act on.</param>
/// <param name="Field">The request field at fault, when there is one.</param>
public sealed record LayoutRule(string Section, string Detail, string? Field = null) : IBusinessRule
{
    /// <summary>The API error code of every layout refusal.</summary>
    public const string ErrorCode = "layout_violation";

    /// <inheritdoc />
    public string Code => ErrorCode;

    /// <inheritdoc />
    public string Message => $"{Section}: {Detail}";

    /// <inheritdoc />
    public bool IsBroken() => true;
}
