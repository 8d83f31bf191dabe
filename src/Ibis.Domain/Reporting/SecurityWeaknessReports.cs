namespace Ibis.Domain.Reporting;

/// <summary>The reports §502.14 asks of a provider about one potential security weakness, in their order.</summary>
public static class SecurityReportKind
{
    /// <summary>§502.14(b): notice to the Postal Service promptly, in no event more than 21 calendar days after discovery.</summary>
    public const string Preliminary = "preliminary";

    /// <summary>§502.14(c): within 45 days of the preliminary notice — circumstances, investigative procedure, anticipated completion date.</summary>
    public const string Written = "written";

    /// <summary>§502.14(c): "periodic status reports ... during subsequent investigation".</summary>
    public const string Status = "status";

    /// <summary>§502.14(c): "on completion, ... a summary of the investigative findings".</summary>
    public const string Final = "final";

    public static IReadOnlyList<string> All { get; } = [Preliminary, Written, Status, Final];
}

/// <summary>
/// Where one weakness's reporting stands, and what the next report may be. The order is the rule's:
/// the preliminary notice first, then the written report, then status reports, and the final summary
/// last; nothing is filed after the final summary.
/// </summary>
/// <param name="filed">The kinds already filed, in any order.</param>
public sealed class SecurityReporting(IReadOnlyCollection<string> filed)
{
    public IReadOnlyCollection<string> Filed { get; } = filed;

    /// <summary>Days after discovery by which the preliminary report is due (§502.14(b)).</summary>
    public const int PreliminaryDays = 21;

    /// <summary>Days after the preliminary notice by which the written report is due (§502.14(c)).</summary>
    public const int WrittenDays = 45;

    /// <summary>
    /// "Periodic" is not given a length by the rule; Ibis asks for a status report every 30 days after
    /// the written report (or the last status report) until the final summary.
    /// </summary>
    public const int StatusIntervalDays = 30;

    public bool Has(string kind) => Filed.Contains(kind);

    /// <summary>Refuses a report out of order or after the final summary.</summary>
    public void CheckMayFile(string kind)
    {
        Rules.Check(new SecurityReportKindMustBeKnownRule(kind));
        Rules.Check(new SecurityReportingClosedRule(Has(SecurityReportKind.Final)));
        Rules.Check(new SecurityReportInOrderRule(kind, Has(SecurityReportKind.Preliminary), Has(SecurityReportKind.Written)));
        Rules.Check(new SecurityReportFiledOnceRule(kind, kind != SecurityReportKind.Status && Has(kind)));
    }

    public static DateTimeOffset PreliminaryDueAt(DateTimeOffset discoveredAt) => discoveredAt.AddDays(PreliminaryDays);

    public static DateTimeOffset WrittenDueAt(DateTimeOffset preliminaryFiledAt) => preliminaryFiledAt.AddDays(WrittenDays);

    public static DateTimeOffset NextStatusDueAt(DateTimeOffset lastWrittenOrStatusAt) => lastWrittenOrStatusAt.AddDays(StatusIntervalDays);
}

/// <summary>The report's kind is one of §502.14's.</summary>
public sealed record SecurityReportKindMustBeKnownRule(string? ReportKind) : IBusinessRule
{
    public string Code => "security_report_kind_invalid";

    public string Message => $"kind is one of {string.Join(", ", SecurityReportKind.All)} (§502.14)";

    public string? Field => "kind";

    public RuleKind Kind => RuleKind.BadInput;

    public bool IsBroken() => ReportKind is null || !SecurityReportKind.All.Contains(ReportKind);
}

/// <summary>§502.14(c): the summary of findings ends the investigation's reporting.</summary>
public sealed record SecurityReportingClosedRule(bool FinalFiled) : IBusinessRule
{
    public string Code => "security_reporting_closed";

    public string Message => "the final summary of the investigative findings was filed; the weakness's reporting is complete (§502.14(c))";

    public RuleKind Kind => RuleKind.Conflict;

    public bool IsBroken() => FinalFiled;
}

/// <summary>§502.14(b)–(c): the written report follows the preliminary notice; status reports and the summary follow the written report.</summary>
public sealed record SecurityReportInOrderRule(string ReportKind, bool PreliminaryFiled, bool WrittenFiled) : IBusinessRule
{
    public string Code => "security_report_out_of_order";

    public string Message => ReportKind == SecurityReportKind.Written
        ? "the written report follows the preliminary notice (§502.14(c)); file the preliminary report first"
        : "status reports and the final summary follow the written report (§502.14(c)); file the written report first";

    public RuleKind Kind => RuleKind.Conflict;

    public bool IsBroken() => ReportKind switch
    {
        SecurityReportKind.Written => !PreliminaryFiled,
        SecurityReportKind.Status or SecurityReportKind.Final => !WrittenFiled,
        _ => false,
    };
}

/// <summary>One preliminary notice, one written report and one final summary per weakness.</summary>
public sealed record SecurityReportFiledOnceRule(string ReportKind, bool AlreadyFiled) : IBusinessRule
{
    public string Code => "security_report_already_filed";

    public string Message => $"the {ReportKind} report of this weakness was already filed; later news goes in a status report (§502.14(c))";

    public RuleKind Kind => RuleKind.Conflict;

    public bool IsBroken() => AlreadyFiled;
}

/// <summary>§502.14(c): "The report must include the circumstances, proposed investigative procedure, and the anticipated completion date of the investigation."</summary>
public sealed record SecurityReportContentRule(bool Present, string Missing, string What) : IBusinessRule
{
    public string Code => "security_report_incomplete";

    public string Message => $"{What} is required (§502.14(c))";

    public string? Field => Missing;

    public RuleKind Kind => RuleKind.BadInput;

    public bool IsBroken() => !Present;

    /// <summary>What each report must say: every report its circumstances; the written report its plan and date; the final summary its findings.</summary>
    public static IEnumerable<SecurityReportContentRule> For(string kind, string? circumstances, string? procedure, DateOnly? completion, string? findings)
    {
        yield return new(!string.IsNullOrWhiteSpace(circumstances), "circumstances", "circumstances (what was found, on which device or model, how it was discovered)");
        if (kind == SecurityReportKind.Written)
        {
            yield return new(!string.IsNullOrWhiteSpace(procedure), "investigative_procedure", "the proposed investigative procedure");
            yield return new(completion is not null, "anticipated_completion_on", "the anticipated completion date of the investigation (YYYY-MM-DD)");
        }
        if (kind == SecurityReportKind.Final)
            yield return new(!string.IsNullOrWhiteSpace(findings), "findings", "the summary of the investigative findings");
    }
}
