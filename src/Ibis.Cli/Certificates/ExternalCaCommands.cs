using System.CommandLine;
using System.Text.Json;
using Ibis.Cli.Onboarding;

namespace Ibis.Cli.Certificates;

/// <summary>
/// An installation whose device certificates come from an external Postal Service CA:
/// <c>ibis certificates request DEVICE [--out FILE]</c> writes the device's PKCS#10 request for the CA
/// (with <c>--rollover</c>, a request for a new key of a device in service, which keeps signing with its
/// current key until the new certificate is imported);
/// <c>ibis certificates import FILE --device DEVICE</c> brings the signed certificate back;
/// <c>ibis certificates import FILE --authority</c> (Postal Service administrator) imports the CA's own
/// certificate, the trust anchor the others are checked against.
/// </summary>
internal static class ExternalCaCommands
{
    public static IEnumerable<Command> Create(CliContext context)
    {
        var device = new Argument<string>("device") { Description = "the device id (psd_…)" };
        var output = new Option<FileInfo?>("--out") { Description = "write the PEM request here (default: standard output)" };
        var rollover = new Option<bool>("--rollover") { Description = "a new key for a device in service (key rollover); it signs with its current key until the new certificate is imported" };
        var (server, key) = OnboardingCommands.Connection();
        var request = new Command("request", "Generate the device key in the key store and a PKCS#10 request for the external Postal Service CA.") { device, output, rollover, server, key };
        request.SetAction((parse, ct) => RequestAsync(context, parse.GetValue(server)!, parse.GetValue(key), parse.GetValue(device)!, parse.GetValue(output), parse.GetValue(rollover), ct));

        var file = new Argument<FileInfo>("file") { Description = "the PEM certificate" };
        var forDevice = new Option<string?>("--device") { Description = "the device whose request the certificate answers (psd_…)" };
        var authority = new Option<bool>("--authority") { Description = "the file is the Postal Service CA's own certificate (Postal Service)" };
        var (server2, key2) = OnboardingCommands.Connection();
        var import = new Command("import", "Import a certificate signed by the external Postal Service CA, or the CA's own certificate.") { file, forDevice, authority, server2, key2 };
        import.SetAction((parse, ct) => ImportAsync(context, parse.GetValue(server2)!, parse.GetValue(key2), parse.GetValue(file)!, parse.GetValue(forDevice), parse.GetValue(authority), ct));
        return [request, import];
    }

    private static async Task<int> RequestAsync(CliContext context, string server, string? key, string device, FileInfo? output, bool rollover, CancellationToken ct)
    {
        var body = rollover ? "{\"rollover\":true}" : "{}";
        var (status, text) = await ApiCall.Send(context, HttpMethod.Post, server, key, $"/v1/devices/{Uri.EscapeDataString(device)}/certificate-request", body, ct);
        if ((int)status is < 200 or >= 300)
        {
            await context.Out.WriteLineAsync("refused: " + ApiCall.Problem(status, text));
            return ExitCodes.ForStatus(status);
        }
        using var doc = JsonDocument.Parse(text);
        var pem = doc.RootElement.GetProperty("pem").GetString() ?? "";
        if (output is null)
        {
            await context.Out.WriteAsync(pem);
            return ExitCodes.Ok;
        }
        await File.WriteAllTextAsync(output.FullName, pem, ct);
        await context.Out.WriteLineAsync($"request {doc.RootElement.GetProperty("id").GetString()} for {device} written to {output.FullName}; have the Postal Service CA sign it, then: ibis certificates import FILE --device {device}");
        return ExitCodes.Ok;
    }

    private static async Task<int> ImportAsync(CliContext context, string server, string? key, FileInfo file, string? device, bool authority, CancellationToken ct)
    {
        if (authority == (device is not null))
            throw new CliException("name either --device DEVICE (a device certificate) or --authority (the CA's certificate)");
        if (!file.Exists) throw new CliException($"{file.FullName} does not exist");
        var pem = await File.ReadAllTextAsync(file.FullName, ct);
        var path = authority ? "/v1/certificates/authorities" : $"/v1/devices/{Uri.EscapeDataString(device!)}/certificate";
        return await OnboardingCommands.Post(context, server, key, path, new { certificate = pem }, ct);
    }
}
