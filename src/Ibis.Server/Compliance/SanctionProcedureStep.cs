using Ibis.Server.Auth;
using Microsoft.Extensions.DependencyInjection;

namespace Ibis.Server.Compliance;

/// <summary>Who takes a step of a sanction procedure.</summary>
public enum SanctionActor
{
    PostalService,
    Provider,
}

/// <summary>
/// One step of a sanction procedure after its notice: its route under
/// <c>/v1/providers/{providerId}/sanctions/{sanctionId}/</c>, its operation name, what it does (with the
/// section it comes from), who takes it, which written statement it carries, and the use case it runs (resolved
/// from the request's services).
/// The API and the portal's sanctions page both read this table, so they offer the same steps.
/// </summary>
public sealed record SanctionProcedureStep(
    string Route, string OperationName, string Label, string Summary, SanctionActor Actor, SanctionStepText Text,
    IReadOnlyList<string> Outcomes, bool Days, bool DefenseDays, bool EffectiveAt,
    Func<IServiceProvider, Caller, string, SanctionStepCommand, CancellationToken, Task<SanctionView>> Run)
{
    public static readonly IReadOnlyList<SanctionProcedureStep> All =
    [
        new("cure", "RecordSanctionCure", "Record the correction",
            "Postal Service: the cited deficiencies were corrected in time; the proposed suspension is withdrawn (§502.5(c)(1)).",
            SanctionActor.PostalService, SanctionStepText.None, [], false, false, false, (sp, c, id, body, ct) => sp.GetRequiredService<RecordSanctionCure>().Handle(c, id, body, ct)),
        new("notice", "IssueSuspensionNotice", "Give the notice of suspension",
            "Postal Service: the deficiencies were not corrected in time; the written notice of suspension with its effective date (§502.5(c)(2), §502.13(b)(2)).",
            SanctionActor.PostalService, SanctionStepText.None, [], false, true, false, (sp, c, id, body, ct) => sp.GetRequiredService<IssueSuspensionNotice>().Handle(c, id, body, ct)),
        new("defense", "PresentSanctionDefense", "File the written defense",
            "Provider: the written defense with all supporting evidence, within the defense period (§502.5(d), §502.15(c), §502.21(d)).",
            SanctionActor.Provider, SanctionStepText.Statement, [], false, false, false, (sp, c, id, body, ct) => sp.GetRequiredService<PresentSanctionDefense>().Handle(c, id, body, ct)),
        new("decision", "DecideSanction", "Decide",
            "Postal Service: the decision after the defense, outcome impose | withdraw, with its reasons and optional effective_at (§502.5(e), §502.15(d), §502.21(e)).",
            SanctionActor.PostalService, SanctionStepText.Reasons, ["impose", "withdraw"], false, false, true, (sp, c, id, body, ct) => sp.GetRequiredService<DecideSanction>().Handle(c, id, body, ct)),
        new("appeal", "AppealSanction", "File the appeal",
            "Provider: the written appeal within 30 days of the decision; it stays the sanction until decided (§502.15(e), §502.21(f)).",
            SanctionActor.Provider, SanctionStepText.Statement, [], false, false, false, (sp, c, id, body, ct) => sp.GetRequiredService<AppealSanction>().Handle(c, id, body, ct)),
        new("appeal-decision", "DecideSanctionAppeal", "Decide the appeal",
            "Postal Service: decide the appeal, outcome deny (the sanction takes effect again) | grant (set aside).",
            SanctionActor.PostalService, SanctionStepText.Reasons, ["deny", "grant"], false, false, false, (sp, c, id, body, ct) => sp.GetRequiredService<DecideSanctionAppeal>().Handle(c, id, body, ct)),
        new("extension", "ExtendSuspension", "Extend the suspension",
            "Postal Service: extend a suspension in effect by up to 90 days (§502.5(c)(4)(i)).",
            SanctionActor.PostalService, SanctionStepText.Reasons, [], true, false, false, (sp, c, id, body, ct) => sp.GetRequiredService<ExtendSuspension>().Handle(c, id, body, ct)),
        new("withdrawal", "WithdrawSanction", "Withdraw",
            "Postal Service: withdraw the sanction, before or after it took effect (§502.5(c)(4)(iii)).",
            SanctionActor.PostalService, SanctionStepText.Reasons, [], false, false, false, (sp, c, id, body, ct) => sp.GetRequiredService<WithdrawSanction>().Handle(c, id, body, ct)),
    ];

    public static SanctionProcedureStep? Find(string? route) => All.FirstOrDefault(s => s.Route == route);
}

/// <summary>The written text a step carries: the provider's statement, the Postal Service's reasons, or none.</summary>
public enum SanctionStepText
{
    None,
    Statement,
    Reasons,
}
