using System.CommandLine;
using Ibis.Cli.Scanning;

namespace Ibis.Cli.Verification;

/// <summary>
/// <c>ibis verify &lt;file&gt;</c>: reads an indicium and verifies it, by default with the server,
/// or offline trusting only a pinned Postal Service CA (<c>--offline --trust CA.pem</c> or
/// <c>--trust-dir DIR</c>). Exit code 0 only for a valid indicium; offline, a sandbox indicium only
/// with <c>--allow-test</c>.
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
        var offline = new Option<bool>("--offline") { Description = "Verify locally, without the server, trusting only --trust or --trust-dir." };
        var trust = new Option<FileInfo?>("--trust")
        {
            Description = "The pinned Postal Service CA certificate (PEM or DER): the only issuer --offline trusts.",
        };
        var trustDir = new Option<DirectoryInfo?>("--trust-dir")
        {
            Description = "A trust directory written by 'ibis certificates pull': CA certificates, revocation lists, device certificates.",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("IBIS_TRUST_DIR") is { Length: > 0 } dir ? new DirectoryInfo(dir) : null,
        };
        var certificate = new Option<FileInfo?>("--certificate")
        {
            Description = "PEM from GET /v1/certificates/{serial}: the device certificate (a CA certificate in it is not trusted).",
        };
        var allowTest = new Option<bool>("--allow-test") { Description = "Accept sandbox (test-mode) indicia offline; without it they are refused." };
        var json = new Option<bool>("--json") { Description = "Write JSON for scripts instead of text." };

        var command = new Command("verify", "Verify an indicium: format, certificate, signature and date.")
        {
            file, data, server, offline, trust, trustDir, certificate, allowTest, json,
        };
        command.Validators.Add(r =>
        {
            InputValidation.ExactlyOneSource(r, file, data);
            var isOffline = r.GetValue(offline);
            if (isOffline && r.GetValue(trust) is null && r.GetValue(trustDir) is null)
                r.AddError("--offline needs a trust anchor: --trust CA.pem (the Postal Service CA) or --trust-dir DIR (from 'ibis certificates pull')");
            if (!isOffline && r.GetValue(certificate) is not null) r.AddError("--certificate is only used with --offline");
            if (!isOffline && r.GetValue(trust) is not null) r.AddError("--trust is only used with --offline");
        });
        command.SetAction(async (parse, ct) =>
        {
            var input = IndiciumInput.Load(parse.GetValue(file), parse.GetValue(data));
            VerificationReport report;
            if (parse.GetValue(offline))
            {
                var anchors = TrustStore.Load(parse.GetValue(trust), parse.GetValue(trustDir));
                var bundle = parse.GetValue(certificate) is { } given ? CertificateBundle.Load(given) : null;
                report = OfflineVerifier.Verify(input.Bytes, input.Source, anchors, bundle, context.Clock.GetUtcNow(), parse.GetValue(allowTest));
            }
            else
            {
                var url = ServerVerifier.ParseServer(parse.GetValue(server)!);
                report = await ServerVerifier.VerifyAsync(context, url, input.Bytes, input.Source, ct);
            }
            await report.WriteAsync(context.Out, parse.GetValue(json) || context.Output == OutputMode.Json, ct);
            return report.Valid ? ExitCodes.Ok : ExitCodes.Invalid;
        });
        return command;
    }
}
