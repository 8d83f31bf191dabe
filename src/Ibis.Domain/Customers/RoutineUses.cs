namespace Ibis.Domain.Customers;

/// <summary>One routine use under which a record of system 820.100 may leave the Postal Service.</summary>
public sealed record RoutineUse(string Code, int Number, string Title);

/// <summary>
/// Notice 820.100 "Routine Uses": "Standard routine uses 1. through 7., 10., and 11. apply." The
/// standard routine uses are those of the Postal Service's systems of records (Handbook AS-353,
/// Appendix D.2); Ibis names the ones a disclosure from this system is made under, by their number.
/// A disclosure outside the Postal Service is recorded with one of these codes (5 U.S.C. 552a(c)).
/// </summary>
public static class RoutineUses
{
    public static readonly IReadOnlyList<RoutineUse> All =
    [
        new("legal_proceedings", 1, "Disclosure incident to legal proceedings"),
        new("law_enforcement", 2, "Disclosure for law enforcement purposes"),
        new("congressional_office", 3, "Disclosure to a congressional office at the individual's request"),
        new("agents_and_contractors", 4, "Disclosure to agents and contractors"),
        new("auditors", 5, "Disclosure to auditors"),
    ];

    /// <summary>The routine use with <paramref name="code"/>, or null when notice 820.100 lists none by that code.</summary>
    public static RoutineUse? Find(string? code) => All.FirstOrDefault(u => u.Code == code);
}

/// <summary>A disclosure names a routine use of notice 820.100 (5 U.S.C. 552a(b)(3)); anything else is refused.</summary>
public sealed record DisclosureMustBeUnderARoutineUseRule(string? Given) : IBusinessRule
{
    public string Code => "routine_use_invalid";

    public string Message => $"'{Given}' is not a routine use of notice 820.100; use one of {string.Join(", ", RoutineUses.All.Select(u => u.Code))}";

    public string? Field => "routine_use";

    public RuleKind Kind => RuleKind.BadInput;

    public bool IsBroken() => RoutineUses.Find(Given) is null;
}
