using System.CommandLine;
using Ibis.Cli.Barcodes;
using Ibis.Cli.Decoding;
using Ibis.Cli.Remote;
using Ibis.Cli.Samples;
using Ibis.Cli.Verification;

namespace Ibis.Cli;

/// <summary>The <c>ibis</c> command line: offline tools and clients of the /v1 API.</summary>
internal static class Cli
{
    /// <summary>Runs one command line; returns the process exit code (see <see cref="ExitCodes"/>).</summary>
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken ct = default) =>
        RunAsync(args, new CliContext(output, error, TimeProvider.System, httpHandler: null), ct);

    internal static async Task<int> RunAsync(string[] args, CliContext context, CancellationToken ct = default)
    {
        var (root, profile, outputMode) = BuildRoot(context);
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            // System.CommandLine exits 1 on parse errors, which a script would read as "invalid indicium".
            foreach (var e in parsed.Errors) await context.Err.WriteLineAsync($"ibis: {e.Message}");
            await context.Err.WriteLineAsync("Run 'ibis --help' for usage.");
            return ExitCodes.Unusable;
        }
        context.ProfileName = parsed.GetValue(profile);
        context.Output = parsed.GetValue(outputMode) == "json" ? OutputMode.Json : OutputMode.Table;

        var invocation = new InvocationConfiguration
        {
            Output = context.Out,
            Error = context.Err,
            EnableDefaultExceptionHandler = false,
        };
        try
        {
            return await parsed.InvokeAsync(invocation, ct);
        }
        catch (ApiRefusal refusal)
        {
            // --output json: the problem document itself, for scripts; otherwise one line a person can read.
            if (context.Output == OutputMode.Json && ApiCall.IsJson(refusal.Body)) await context.Out.WriteLineAsync(refusal.Body);
            else await context.Out.WriteLineAsync("refused: " + ApiCall.Problem(refusal.Status, refusal.Body));
            return ExitCodes.ForStatus(refusal.Status);
        }
        catch (CliException e)
        {
            await context.Err.WriteLineAsync($"ibis: {e.Message}");
            return e.ExitCode;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            await context.Err.WriteLineAsync("ibis: cancelled");
            return ExitCodes.Unusable;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await context.Err.WriteLineAsync($"ibis: {e.Message}");
            return ExitCodes.Unusable;
        }
    }

    internal static (RootCommand Root, Option<string?> Profile, Option<string> Output) BuildRoot(CliContext context)
    {
        var root = new RootCommand("Ibis: PC Postage (Information-Based Indicia) tools.");
        var profile = new Option<string?>("--profile") { Description = "The profile of the config file to use (default: IBIS_PROFILE, or the current one).", Recursive = true };
        var output = new Option<string>("--output")
        {
            Description = "table (default) or json: the API's own JSON, for scripts.",
            Recursive = true,
            DefaultValueFactory = _ => "table",
        };
        output.AcceptOnlyFromAmong("table", "json");
        root.Options.Add(profile);
        root.Options.Add(output);

        root.Subcommands.Add(VerifyCommand.Create(context));
        root.Subcommands.Add(DecodeCommand.Create(context));
        root.Subcommands.Add(BarcodeCommand.Create(context));
        root.Subcommands.Add(SamplesCommand.Create(context));
        root.Subcommands.Add(Rates.RatesCommand.Create(context));
        root.Subcommands.Add(Admin.AdminCommand.Create(context));
        foreach (var command in Onboarding.OnboardingCommands.Create(context)) root.Subcommands.Add(command);
        root.Subcommands.Add(Certificates.CertificatesCommand.Create(context));
        root.Subcommands.Add(Refunds.RefundsCommand.Create(context));
        root.Subcommands.Add(Daily.SanctionsCommands.Create(context));
        foreach (var command in Config.ProfileCommands.Create(context)) root.Subcommands.Add(command);
        foreach (var command in Daily.DailyCommands.Create(context, root)) root.Subcommands.Add(command);
        return (root, profile, output);
    }
}
