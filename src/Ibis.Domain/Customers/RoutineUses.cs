namespace Ibis.Domain.Customers;

/// <summary>One routine use under which a record of system 820.100 may leave the Postal Service.</summary>
public sealed record RoutineUse(string Code, int Number, string Title);

/// <summary>
/// Notice 820.100 "Routine Uses": "Standard routine uses 1. through 7., 10., and 11. apply." The standard
/// routine uses are those of Handbook AS-353, Appendix D.2: uses 1–9 serve the Postal Service's general
/// systems (employees, finance, investigations, litigation) and 1–7, 10 and 11 its customer systems, of
/// which 820.100 is one. <see cref="All"/> holds exactly the nine that apply, under the handbook's numbers;
/// 8 and 9 are known so that a disclosure naming one is refused for the right reason
/// (<see cref="RoutineUseMustApplyToCustomerSystemsRule"/>). Titles are paraphrased. A disclosure outside
/// the Postal Service is recorded with one of these codes (5 U.S.C. 552a(c)).
/// </summary>
public static class RoutineUses
{
    public static readonly IReadOnlyList<RoutineUse> All =
    [
        new("legal_proceedings", 1, "Disclosure in connection with legal proceedings"),
        new("law_enforcement", 2, "Disclosure for law enforcement purposes"),
        new("congressional_office", 3, "Disclosure to a congressional office, at the individual's request"),
        new("agents_and_contractors", 4, "Disclosure to agents and contractors of the Postal Service"),
        new("auditors", 5, "Disclosure to auditors"),
        new("government_agencies", 6, "Disclosure to government agencies for decisions on employment, clearances, contracts, licenses or benefits"),
        new("breach_response", 7, "Disclosure to respond to a suspected or confirmed breach of the system"),
        new("financial_matters", 10, "Disclosure to agencies and entities for financial matters (identity, credit, payment, debts)"),
        new("customer_service", 11, "Disclosure for customer service purposes"),
    ];

    /// <summary>Standard routine uses 8 and 9: for general systems only, never for a customer system such as 820.100.</summary>
    public static readonly IReadOnlyList<RoutineUse> GeneralSystemsOnly =
    [
        new("labor_organizations", 8, "Disclosure to labor organizations"),
        new("personnel_agencies", 9, "Disclosure to federal agencies for personnel and equal employment matters"),
    ];

    /// <summary>The routine use with <paramref name="code"/>, or null when notice 820.100 lists none by that code.</summary>
    public static RoutineUse? Find(string? code) => All.FirstOrDefault(u => u.Code == code);
}

/// <summary>
/// Notice 820.100 applies standard routine uses 1–7, 10 and 11 only: 8 and 9 belong to general systems (AS-353
/// Appendix D.2), so a customer record is never disclosed under them.
/// </summary>
public sealed record RoutineUseMustApplyToCustomerSystemsRule(string? Given) : IBusinessRule
{
    public string Code => "routine_use_not_for_customer_systems";

    public string Message => RoutineUses.GeneralSystemsOnly.FirstOrDefault(u => u.Code == Given) is { } use
        ? $"standard routine use {use.Number} ({use.Title.ToLowerInvariant()}) applies to general systems, not to customer system 820.100, whose notice applies 1. through 7., 10. and 11."
        : $"'{Given}' is not a standard routine use for general systems only";

    public string? Field => "routine_use";

    public RuleKind Kind => RuleKind.BadInput;

    public bool IsBroken() => RoutineUses.GeneralSystemsOnly.Any(u => u.Code == Given);
}

/// <summary>A disclosure names a routine use of notice 820.100 (5 U.S.C. 552a(b)(3)); anything else is refused.</summary>
public sealed record DisclosureMustBeUnderARoutineUseRule(string? Given) : IBusinessRule
{
    public string Code => "routine_use_invalid";

    public string Message => $"'{Given}' is not a routine use of notice 820.100; use one of {string.Join(", ", RoutineUses.All.Select(u => u.Code))}";

    public string? Field => "routine_use";

    public RuleKind Kind => RuleKind.BadInput;

    // A general-systems use (8, 9) is refused by RoutineUseMustApplyToCustomerSystemsRule, with its own reason.
    public bool IsBroken() => RoutineUses.Find(Given) is null && !new RoutineUseMustApplyToCustomerSystemsRule(Given).IsBroken();
}
