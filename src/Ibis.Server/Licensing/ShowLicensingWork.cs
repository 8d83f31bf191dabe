using Ibis.Domain.Licensing;
using Ibis.Server.Auth;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Licensing;

/// <summary>What the licensing page lists for its caller, newest first (each list scoped as the API's is).</summary>
public sealed record LicensingWork(
    IReadOnlyList<ApplicationView> Applications,
    IReadOnlyList<LicenseView> Licenses,
    IReadOnlyList<AppealView> Appeals,
    IReadOnlyList<NoticeView> Notices,
    IReadOnlyList<ProviderTaskView> Tasks);

/// <summary>
/// The reads of the licensing page (P050 2.1–2.5): the applications, licenses, appeals and notices the
/// caller may see and the provider's open tasks, through the same scoping as the API
/// (<see cref="LicensingQueries.VisibleApplications"/>, <see cref="LicensingQueries.VisibleAppeals"/> …).
/// </summary>
public sealed class ShowLicensingWork(LicensingQueries queries, ApplicationReads reads)
{
    private const int Shown = 100;

    public async Task<LicensingWork> Run(Caller caller, CancellationToken ct)
    {
        var apps = await queries.VisibleApplications(caller).AsNoTracking().OrderByDescending(a => a.SubmittedAt).Take(Shown).ToListAsync(ct);
        var views = new List<ApplicationView>();
        foreach (var a in apps) views.Add((await reads.View(caller, a, ct)) with { Form = null });
        var licenses = (await queries.VisibleLicenses(caller).AsNoTracking().OrderByDescending(l => l.IssuedAt).Take(Shown).ToListAsync(ct)).Select(LicenseView.From).ToList();
        var appealList = (await queries.VisibleAppeals(caller).AsNoTracking().OrderByDescending(a => a.FiledAt).Take(Shown).ToListAsync(ct)).Select(AppealView.From).ToList();
        var notices = (await queries.VisibleNotices(caller).AsNoTracking().OrderByDescending(n => n.CreatedAt).ThenBy(n => n.Id).Take(50).ToListAsync(ct)).Select(NoticeView.From).ToList();
        var tasks = (await queries.VisibleTasks(caller).AsNoTracking().Where(t => t.Status == ProviderTaskStatus.Open).OrderBy(t => t.DueAt).Take(Shown).ToListAsync(ct)).Select(ProviderTaskView.From).ToList();
        return new LicensingWork(views, licenses, appealList, notices, tasks);
    }
}
