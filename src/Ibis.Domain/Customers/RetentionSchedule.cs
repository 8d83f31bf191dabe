namespace Ibis.Domain.Customers;

/// <summary>The record categories of notice 820.100 "Retention and Disposal", each with its rule.</summary>
public enum RetentionCategory
{
    /// <summary>Rule 1: logon records are retained 1 year after computer access.</summary>
    Logon,

    /// <summary>Rule 2: ACH records are retained up to 2 years.</summary>
    Ach,

    /// <summary>Rule 3: security access records are retained 2 years after computer access privileges are cancelled.</summary>
    SecurityAccess,

    /// <summary>Rule 4: other customer records are retained 4 years after the customer relationship ends.</summary>
    CustomerRecord,

    /// <summary>
    /// §502.20(e): the provider keeps the licensee's Form 3601-C (Postage Meter Activity Report) at least 1
    /// year. Ibis keeps it with the customer's other records (rule 4) and never disposes of it before its year.
    /// </summary>
    ActivityReport,
}

/// <summary>When a record of each category becomes due for disposal, counted from its triggering event.</summary>
public static class RetentionSchedule
{
    public static string Rule(RetentionCategory category) => category switch
    {
        RetentionCategory.Logon => "820.100 Retention 1: logon records, 1 year after computer access",
        RetentionCategory.Ach => "820.100 Retention 2: ACH records, up to 2 years",
        RetentionCategory.SecurityAccess => "820.100 Retention 3: security access records, 2 years after access privileges are cancelled",
        RetentionCategory.CustomerRecord => "820.100 Retention 4: other customer records, 4 years after the customer relationship ends",
        RetentionCategory.ActivityReport => "§502.20(e): Form 3601-C, at least 1 year after the check-out, disposed of with the customer record (820.100 Retention 4)",
        _ => throw new ArgumentOutOfRangeException(nameof(category)),
    };

    public static string Code(RetentionCategory category) => category switch
    {
        RetentionCategory.Logon => "logon",
        RetentionCategory.Ach => "ach",
        RetentionCategory.SecurityAccess => "security_access",
        RetentionCategory.CustomerRecord => "customer_record",
        RetentionCategory.ActivityReport => "form_3601c",
        _ => throw new ArgumentOutOfRangeException(nameof(category)),
    };

    /// <summary>The instant from which a record whose triggering event happened at <paramref name="since"/> is due.</summary>
    public static DateTimeOffset DueAt(RetentionCategory category, DateTimeOffset since) => category switch
    {
        RetentionCategory.Logon => since.AddYears(1),
        RetentionCategory.Ach => since.AddYears(2),
        RetentionCategory.SecurityAccess => since.AddYears(2),
        RetentionCategory.CustomerRecord => since.AddYears(4),
        RetentionCategory.ActivityReport => since.AddYears(1),
        _ => throw new ArgumentOutOfRangeException(nameof(category)),
    };

    /// <summary>The latest triggering instant that is due at <paramref name="now"/> (for a database range query).</summary>
    public static DateTimeOffset DueIfBefore(RetentionCategory category, DateTimeOffset now) => category switch
    {
        RetentionCategory.Logon => now.AddYears(-1),
        RetentionCategory.Ach => now.AddYears(-2),
        RetentionCategory.SecurityAccess => now.AddYears(-2),
        RetentionCategory.CustomerRecord => now.AddYears(-4),
        RetentionCategory.ActivityReport => now.AddYears(-1),
        _ => throw new ArgumentOutOfRangeException(nameof(category)),
    };
}

/// <summary>§502.20(e): a Form 3601-C is kept at least 1 year from its date; no disposal may take it sooner.</summary>
public sealed record ActivityReportMustBeKeptOneYearRule(DateTimeOffset MadeAt, DateTimeOffset Now) : IBusinessRule
{
    public string Code => "form_3601c_retained";

    public string Message => $"a Form 3601-C is kept at least 1 year (39 CFR 502.20(e)); this one was made {MadeAt:u}";

    public RuleKind Kind => RuleKind.Conflict;

    public bool IsBroken() => Now < RetentionSchedule.DueAt(RetentionCategory.ActivityReport, MadeAt);
}
