using System.Globalization;
using Ibis.Data.Entities;
using Ibis.Domain.Compliance;

namespace Ibis.Server.Compliance;

/// <summary>The words of a duty's notices: each names the rule, its section and the deadline (UTC).</summary>
internal static class NoticeTemplates
{
    public static (string Subject, string Body) For(DutyNoticeKind kind, IDutyRule rule, DutyRow duty)
    {
        var due = duty.DueAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";
        var about = $"Rule: {rule.Code} ({rule.Section})\nSubject: {duty.SubjectId}\nDeadline: {due}\nDuty: {duty.Id}\n";
        var who = duty.LicenseeId is not null ? $"licensee {duty.LicenseeId}" : duty.ProviderId is not null ? $"provider {duty.ProviderId}" : "the installation";
        return kind switch
        {
            DutyNoticeKind.Reminder => ($"Reminder: {rule.Title} by {due} ({rule.Section})",
                $"This is a reminder that you must {rule.Title}.\n\n{about}"),
            DutyNoticeKind.Overdue => ($"Overdue: {rule.Title} — deadline {due} passed ({rule.Section})",
                $"The deadline to {rule.Title} has passed and the duty is not done.\n\n{about}"),
            DutyNoticeKind.Escalation => ($"Escalation: {who} missed \"{rule.Title}\" — deadline {due} ({rule.Section})",
                $"The duty below, owed by {who}, was not done by its deadline.{Evidence(rule, duty)}\n\n{about}"),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }

    /// <summary>P050 2.3b: a device not reset or audited within 3 months is a ground for revoking the license.</summary>
    private static string Evidence(IDutyRule rule, DutyRow duty) =>
        rule is ResetOrAuditEveryThreeMonthsDuty && duty.LicenseeId is not null
            ? $" Licensee {duty.LicenseeId} is listed as evidence for revocation under P050 2.3b (device not reset or audited within a 3-month period)."
            : "";

    public static (string Subject, string Body) For(NoticeRow notice) =>
        ($"Written notice: {notice.Kind.Replace('_', ' ')} ({notice.SubjectId})",
         $"{notice.Text}\n\nNotice: {notice.Id}\nAbout: {notice.SubjectId}\nDated: {notice.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC\n");
}
