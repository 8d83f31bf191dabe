namespace Ibis.Domain.Oversight;

/// <summary>
/// P050 2.5b, 3.4; §502.19, §502.25(b): the Postal Service may review and examine every provider's devices and
/// records — and each such read is logged with why it was made (notice 820.100: access is limited to officials
/// whose duties require it). A read without a stated purpose is refused before anything is read.
/// </summary>
public sealed record OversightPurposeMustBeGivenRule(string? Purpose) : IBusinessRule
{
    public const int MinLength = 5;
    public const int MaxLength = 500;

    public string Code => "purpose_required";

    public string Message => $"say why you read these records: purpose ({MinLength} to {MaxLength} characters, e.g. \"periodic assessment of revenue protection, §502.25(b)\"); every oversight read is logged with it";

    public string? Field => "purpose";

    public RuleKind Kind => RuleKind.BadInput;

    public bool IsBroken() => Purpose is null || Purpose.Trim().Length is < MinLength or > MaxLength;
}
