using System.Globalization;
using Spectre.Console;

namespace Ibis.Cli.Output;

/// <summary>
/// Progress of a long step on standard error: a Spectre progress bar in a terminal; plain lines
/// ("printing 40 pieces: 20/40") when redirected, because Spectre's fallback there is throttled and
/// never shows the end (platform notes, Spectre item 7) — and a log should say how far a batch got.
/// </summary>
internal sealed class StepProgress(CliContext context)
{
    private readonly IAnsiConsole _console = context.Console(error: true);

    public async Task Run(string description, int total, Func<Action<int>, Task> work)
    {
        if (_console.Profile.Capabilities.Interactive)
        {
            await _console.Progress().AutoClear(false).HideCompleted(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .StartAsync(async ctx =>
                {
                    var task = ctx.AddTask(description, maxValue: Math.Max(total, 1));
                    await work(n => task.Increment(n));
                    task.Value = task.MaxValue;
                });
            return;
        }
        var done = 0;
        var lastTenth = 0;
        await context.Err.WriteLineAsync($"{description}…");
        await work(n =>
        {
            done += n;
            // At most one line per tenth of the work: a 1,000-piece batch logs ten lines, not a thousand.
            var tenth = total == 0 ? 10 : done * 10 / total;
            if (tenth > lastTenth || done == total)
            {
                lastTenth = tenth;
                context.Err.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{description}: {done}/{total}"));
            }
        });
    }
}
