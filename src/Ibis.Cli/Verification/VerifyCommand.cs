using System.CommandLine;
using Ibis.Cli.Scanning;

namespace Ibis.Cli.Verification;

/// <summary>
/// <c>ibis verify &lt;file&gt;</c>: reads an indicium and verifies it, by default with the server,
/// or offline with <c>--offline --certificate</c>. Exit code 0 only for a valid indicium.
/// </summary>
internal static class VerifyCommand
{
    public const string DefaultServer = "http://localhost:5080";

    public static Command Create(CliContext context)
    {
        var file = new Argument<FileInfo?>("file")
        {
            Description = "An image of the indicium (PNG, JPEG…) or a binary file of its bytes (.bin).",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var data = new Option<string?>("--data") { Description = "The indicium bytes as base64, instead of a file." };
        var server = new Option<string>("--server")
        {
            Description = "The Ibis server that verifies the indicium.",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("IBIS_SERVER") ?? DefaultServer,
        };
        var offline = new Option<bool>("--offline") { Description = "Verify locally, without the server; needs --certificate." };
        var certificate = new Option<FileInfo?>("--certificate")
        {
            Description = "PEM from GET /v1/certificates/{serial}: the device certificate, then its CA certificate.",
        };
        var json = new Option<bool>("--json") { Description = "Write JSON for scripts instead of text." };

        var command = new Command("verify", "Verify an indicium: format, certificate, signature and date.")
        {
            file, data, server, offline, certificate, json,
        };
        command.Validators.Add(r =>
        {
            InputValidation.ExactlyOneSource(r, file, data);
            var isOffline = r.GetValue(offline);
            if (isOffline && r.GetValue(certificate) is null) r.AddError("--offline needs --certificate PEM (GET /v1/certificates/{serial})");
            if (!isOffline && r.GetValue(certificate) is not null) r.AddError("--certificate is only used with --offline");
        });
        command.SetAction(async (parse, ct) =>
        {
            var input = IndiciumInput.Load(parse.GetValue(file), parse.GetValue(data));
            VerificationReport report;
            if (parse.GetValue(offline))
            {
                var bundle = CertificateBundle.Load(parse.GetValue(certificate)!);
                report = OfflineVerifier.Verify(input.Bytes, input.Source, bundle, context.Clock.GetUtcNow());
            }
            else
            {
                var url = ServerVerifier.ParseServer(parse.GetValue(server)!);
                report = await ServerVerifier.VerifyAsync(context, url, input.Bytes, input.Source, ct);
            }
            await report.WriteAsync(context.Out, parse.GetValue(json), ct);
            return report.Valid ? ExitCodes.Ok : ExitCodes.Invalid;
        });
        return command;
    }
}
