using System.CommandLine;
using Ibis.Cli.Output;
using Ibis.Cli.Remote;

namespace Ibis.Cli.Daily;

/// <summary>
/// Sanction procedures against a provider (39 CFR 502.5, 502.13, 502.15, 502.21) as an API client:
/// the Postal Service issues the written notice and takes each later step (cure, notice after the cure
/// period, decide, decide the appeal, extend, withdraw); the provider defends and appeals; both list
/// and show. Each step is one POST of /v1/providers/{provider}/sanctions/{sanction}/{step}.
/// </summary>
internal static class SanctionsCommands
{
    private static readonly Column[] ListColumns =
    [
        Column.Of("Sanction", "id"), Column.Of("Section", "section"), Column.Of("Action", "action"), Column.Of("Stage", "stage"),
        Render.When("Cure due", "cure_due_at"), Render.When("Defense due", "defense_due_at"), Render.When("Appeal due", "appeal_due_at"), Render.When("Ends", "ends_at"),
    ];

    private static readonly Column[] Fields =
    [
        Column.Of("Sanction", "id"), Column.Of("Provider", "provider_id"), Column.Of("Basis", "basis"), Column.Of("Section", "section"), Column.Of("Action", "action"),
        Column.Of("Stage", "stage"), Column.Of("Grounds", "grounds"), Column.Of("Willful", "willful"), Column.Of("Suspension days", "suspension_days"), Column.Of("Amount", "amount"),
        Render.When("Cure due", "cure_due_at"), Render.When("Defense due", "defense_due_at"), Render.When("Defended", "defended_at"), Render.When("Decided", "decided_at"),
        Render.When("Appeal due", "appeal_due_at"), Render.When("Appealed", "appealed_at"), Render.When("Effective", "effective_at"), Render.When("Took effect", "took_effect_at"),
        Render.When("Ends", "ends_at"), Render.When("Closed", "closed_at"),
        new Column("History", e => string.Join("\n", Render.Items(Render.At(e, "history")).Select(h => $"{Render.When("", "at").Value(h)} {Render.Text(Render.At(h, "kind"))}: {Render.Text(Render.At(h, "text"))}"))),
    ];

    /// <summary>The steps: command name, route segment, description, and which statement options it takes.</summary>
    private static readonly (string Name, string Route, string Description, StepOptions Options)[] Steps =
    [
        ("cure", "cure", "Postal Service: the deficiencies were corrected in time; the proposed suspension is withdrawn (§502.5(c)(1)).", StepOptions.None),
        ("notice", "notice", "Postal Service: not corrected in time; the written notice of suspension (§502.5(c)(2), §502.13(b)(2)).", StepOptions.DefenseDays),
        ("defend", "defense", "Provider: the written defense with its evidence, within the defense period (§502.5(d), §502.15(c), §502.21(d)).", StepOptions.Statement),
        ("decide", "decision", "Postal Service: decide after the defense: --outcome impose|withdraw, --reasons, optional --effective-at (§502.5(e)).", StepOptions.Reasons | StepOptions.Outcome | StepOptions.EffectiveAt),
        ("appeal", "appeal", "Provider: the written appeal within 30 days of the decision; it stays the sanction (§502.15(e), §502.21(f)).", StepOptions.Statement),
        ("decide-appeal", "appeal-decision", "Postal Service: decide the appeal: --outcome deny (the sanction takes effect again) | grant (set aside).", StepOptions.Reasons | StepOptions.Outcome),
        ("extend", "extension", "Postal Service: extend a suspension in effect by --days (at most 90; §502.5(c)(4)(i)).", StepOptions.Reasons | StepOptions.Days),
        ("withdraw", "withdrawal", "Postal Service: withdraw the sanction, before or after it took effect (§502.5(c)(4)(iii)).", StepOptions.Reasons),
    ];

    [Flags]
    private enum StepOptions
    {
        None = 0,
        Statement = 1,
        Reasons = 2,
        Outcome = 4,
        EffectiveAt = 8,
        Days = 16,
        DefenseDays = 32,
    }

    public static Command Create(CliContext context)
    {
        var sanctions = new Command("sanctions", "Sanction procedures against a provider (39 CFR 502.5, 502.13, 502.15, 502.21).");
        {
            var provider = Provider();
            sanctions.Subcommands.Add(Commands.List(context, "list", "A provider's sanction procedures, newest first.", "sanctions", ListColumns,
                (_, parse, _) => Task.FromResult(Base(parse.GetValue(provider)!)), extra: [provider]));
        }
        {
            var provider = Provider();
            var id = Sanction();
            var show = new Command("show", "One sanction procedure: its stage, deadlines and history.") { id, provider };
            var remote = RemoteOptions.AddTo(show);
            show.SetAction(async (parse, ct) =>
            {
                using var api = remote.Open(context, parse);
                var answer = await api.Get($"{Base(parse.GetValue(provider)!)}/{ApiSession.Segment(parse.GetValue(id)!)}", ct);
                return await Render.Object(context, answer.Json(), Fields);
            });
            sanctions.Subcommands.Add(show);
        }
        sanctions.Subcommands.Add(Issue(context));
        foreach (var step in Steps) sanctions.Subcommands.Add(Step(context, step.Name, step.Route, step.Description, step.Options));
        return sanctions;
    }

    private static Command Issue(CliContext context)
    {
        var provider = Provider();
        var basis = Commands.Text("--basis", "authorization (§502.5), system_approval (§502.13), reporting (§502.15) or distribution_controls (§502.21).", required: true);
        var action = Commands.Text("--action", "suspension, revocation or administrative_sanction.", required: true);
        var grounds = Commands.Text("--grounds", "What the provider did or failed to do: the written notice states it.", required: true);
        var willful = new Option<bool>("--willful") { Description = "The failure was willful: no time to correct is given (§502.5(c)(1))." };
        var suspensionDays = new Option<int?>("--suspension-days") { Description = "A suspension's length in days (at most 90)." };
        var amount = Commands.Text("--amount", "An administrative sanction's amount in dollars, e.g. 1250.000.");
        var cureDays = new Option<int?>("--cure-days") { Description = "The time to correct the deficiencies, in days (a non-willful proposed suspension)." };
        var defenseDays = new Option<int?>("--defense-days") { Description = "The defense period in days (default 30)." };
        var key = Commands.IdempotencyKey();
        var issue = new Command("issue", "Postal Service: the written notice — of proposed suspension with a time to correct, or of suspension, revocation or administrative sanction.")
        {
            provider, basis, action, grounds, willful, suspensionDays, amount, cureDays, defenseDays, key,
        };
        return Commands.Post(context, issue, (_, parse, _) => Task.FromResult<(string, object, string?)>((Base(parse.GetValue(provider)!),
            new Dictionary<string, object?>
            {
                ["basis"] = parse.GetValue(basis), ["action"] = parse.GetValue(action), ["grounds"] = parse.GetValue(grounds), ["willful"] = parse.GetValue(willful),
                ["suspension_days"] = parse.GetValue(suspensionDays), ["amount"] = parse.GetValue(amount), ["cure_days"] = parse.GetValue(cureDays),
                ["defense_days"] = parse.GetValue(defenseDays),
            }, parse.GetValue(key))), Fields);
    }

    private static Command Step(CliContext context, string name, string route, string description, StepOptions options)
    {
        var provider = Provider();
        var id = Sanction();
        var command = new Command(name, description) { id, provider };
        var statement = Add(command, options, StepOptions.Statement, () => Commands.Text("--statement", "The written statement, with the evidence it relies on.", required: true));
        var reasons = Add(command, options, StepOptions.Reasons, () => Commands.Text("--reasons", "The reasons, written out in the notice to the provider.", required: true));
        var outcome = Add(command, options, StepOptions.Outcome, () => Commands.Text("--outcome", "The decision's outcome.", required: true));
        var effectiveAt = Add(command, options, StepOptions.EffectiveAt, () => Commands.Text("--effective-at", "When the decision takes effect (ISO 8601; default: on receipt)."));
        var days = options.HasFlag(StepOptions.Days) ? new Option<int?>("--days") { Description = "How many days.", Required = true } : null;
        var defenseDays = options.HasFlag(StepOptions.DefenseDays) ? new Option<int?>("--defense-days") { Description = "The defense period in days (default 30)." } : null;
        if (days is not null) command.Options.Add(days);
        if (defenseDays is not null) command.Options.Add(defenseDays);
        return Commands.Post(context, command, (_, parse, _) =>
        {
            var body = new Dictionary<string, object?>();
            if (statement is not null) body["statement"] = parse.GetValue(statement);
            if (reasons is not null) body["reasons"] = parse.GetValue(reasons);
            if (outcome is not null) body["outcome"] = parse.GetValue(outcome);
            if (effectiveAt is not null && parse.GetValue(effectiveAt) is { } at) body["effective_at"] = at;
            if (days is not null) body["days"] = parse.GetValue(days);
            if (defenseDays is not null && parse.GetValue(defenseDays) is { } d) body["defense_days"] = d;
            return Task.FromResult<(string, object, string?)>(($"{Base(parse.GetValue(provider)!)}/{ApiSession.Segment(parse.GetValue(id)!)}/{route}", body, null));
        }, Fields);
    }

    private static Option<string?>? Add(Command command, StepOptions options, StepOptions flag, Func<Option<string?>> make)
    {
        if (!options.HasFlag(flag)) return null;
        var option = make();
        command.Options.Add(option);
        return option;
    }

    private static string Base(string provider) => $"/v1/providers/{ApiSession.Segment(provider)}/sanctions";

    private static Option<string?> Provider() => Commands.Text("--provider", "The provider (prv_…) the sanction is against.", required: true);

    private static Argument<string> Sanction() => new("sanction") { Description = "The sanction (snc_…)." };
}
