using System.Net;
using Ibis.Barcodes.DataMatrix;
using Ibis.Barcodes.Imaging;
using Ibis.Server.Auth;
using Ibis.Server.Tests.Indicia;
using Ibis.Server.Tests.Infrastructure;
using Ibis.Server.Tests.Licensing;
using Ibis.Server.Tests.Psd;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace Ibis.Server.Tests.Verification;

/// <summary>
/// Issue 14 item 4: the mailpiece quality-assurance program (P050 2.5h, §502.26) stops the resets of a
/// licensee whose sample is overdue or failed, lists it as revocation evidence (P050 2.3f), and lets the
/// resets go on once a passing sample is recorded.
/// </summary>
public abstract class QualityAssuranceTests(Func<IbisApp> app)
{
    private IbisApp App => app();

    private const string Purpose = "licensees to revoke under P050 2.3f";

    [SkippableFact]
    public async Task OverdueOrFailedSample_StopsResets_UntilAPassingSampleIsRecorded()
    {
        var mailer = await App.LiveMailer("Sampled Mailer");
        var postal = await App.LivePostal();
        var licensee = App.ClientFor(mailer.ApiKey);
        var provider = App.ClientFor(mailer.ProviderApiKey);
        var printed = await licensee.Print(mailer.DeviceId).Ok(HttpStatusCode.Created);
        (await provider.Reset(mailer.DeviceId, "1.000")).EnsureSuccessStatusCode(); // within 6 months of initialization

        // Seven months after initialization and no piece forwarded (§502.26).
        await App.WithDb(db => db.Devices.Where(d => d.Id == mailer.DeviceId).ExecuteUpdateAsync(s => s.SetProperty(d => d.CommissionedAt, DateTimeOffset.UtcNow.AddMonths(-7))));
        var before = await licensee.Snapshot(mailer.DeviceId);
        await BadInputTests.AssertProblem(await provider.Reset(mailer.DeviceId, "1.000"), 403, "qa_sample_overdue", null, "overdue");
        Assert.Equal(before, await licensee.Snapshot(mailer.DeviceId));
        var evidence = await postal.GetAsync($"/v1/oversight/revocation-evidence?purpose={Uri.EscapeDataString(Purpose)}&limit=100").Ok();
        Assert.Contains(evidence["data"]!.AsArray(), e => (string)e!["device_id"]! == mailer.DeviceId && (string)e["code"]! == "qa_sample_overdue" && (string)e["ground"]! == "P050 2.3f");

        // The licensee forwards a piece; the provider finds the indicium printed over the clear zone.
        var scan = Scan((string)printed["barcode_data"]!);
        var sample = await licensee.PostJson($"/v1/devices/{mailer.DeviceId}/quality-samples", new Dictionary<string, string> { ["scan_png"] = scan }).Ok(HttpStatusCode.Created);
        Assert.Equal("submitted", (string)sample["status"]!);
        var id = (string)sample["id"]!;
        await BadInputTests.AssertProblem(await provider.PostJson($"/v1/quality-samples/{id}/evaluation", new { deficiencies = new[] { "indicium printed over the FIM clear zone" } }), 400, "guidance_required", "guidance", "no guidance");
        var failed = await provider.PostJson($"/v1/quality-samples/{id}/evaluation", new { deficiencies = new[] { "indicium printed over the FIM clear zone" }, guidance = "align the envelope to the printer's right guide" }).Ok();
        Assert.Equal("failed", (string)failed["status"]!);
        Assert.Equal("A", (string)failed["barcode_grade"]!);
        await BadInputTests.AssertProblem(await provider.PostJson($"/v1/quality-samples/{id}/evaluation", new { }), 409, "sample_already_evaluated", null, "twice");
        await BadInputTests.AssertProblem(await provider.Reset(mailer.DeviceId, "1.000"), 403, "qa_sample_failed", null, "failed sample");
        evidence = await postal.GetAsync($"/v1/oversight/revocation-evidence?purpose={Uri.EscapeDataString(Purpose)}&limit=100").Ok();
        Assert.Contains(evidence["data"]!.AsArray(), e => (string)e!["device_id"]! == mailer.DeviceId && (string)e["code"]! == "qa_sample_failed");
        Assert.DoesNotContain(evidence["data"]!.AsArray(), e => (string)e!["device_id"]! == mailer.DeviceId && (string)e["code"]! == "qa_sample_overdue");

        // A second piece, corrected, passes: resets go on.
        var second = await licensee.PostJson($"/v1/devices/{mailer.DeviceId}/quality-samples", new Dictionary<string, string> { ["scan_png"] = scan }).Ok(HttpStatusCode.Created);
        var passed = await provider.PostJson($"/v1/quality-samples/{second["id"]}/evaluation", new { deficiencies = Array.Empty<string>() }).Ok();
        Assert.Equal("passed", (string)passed["status"]!);
        Assert.Equal(HttpStatusCode.Created, (await provider.Reset(mailer.DeviceId, "1.000")).StatusCode);
        evidence = await postal.GetAsync($"/v1/oversight/revocation-evidence?purpose={Uri.EscapeDataString(Purpose)}&limit=100").Ok();
        Assert.DoesNotContain(evidence["data"]!.AsArray(), e => (string)e!["device_id"]! == mailer.DeviceId);
    }

    [SkippableFact]
    public async Task AnUnreadableBarcode_FailsTheSample_AndOnlyTheOwnerAndItsProviderTakePart()
    {
        var mailer = await App.LiveMailer("Smudged Mailer");
        var other = await App.LiveMailer("Other Mailer");
        var blank = Convert.ToBase64String(PngWriter.Encode(new Ibis.Barcodes.BitMatrix(40, 40)));
        await BadInputTests.AssertProblem(await App.ClientFor(other.ApiKey).PostJson($"/v1/devices/{mailer.DeviceId}/quality-samples", new Dictionary<string, string> { ["scan_png"] = blank }), 404, "not_found", null, "not its device");
        await BadInputTests.AssertProblem(await App.ClientFor(mailer.ApiKey).PostJson($"/v1/devices/{mailer.DeviceId}/quality-samples", new Dictionary<string, string> { ["scan_png"] = "aGVsbG8=" }), 400, "scan_invalid", "scan_png", "not a PNG");
        var sample = await App.ClientFor(mailer.ApiKey).PostJson($"/v1/devices/{mailer.DeviceId}/quality-samples", new Dictionary<string, string> { ["scan_png"] = blank }).Ok(HttpStatusCode.Created);
        await BadInputTests.AssertProblem(await App.ClientFor(mailer.ApiKey).PostJson($"/v1/quality-samples/{sample["id"]}/evaluation", new { }), 403, "forbidden", null, "the licensee grades nothing");
        var failed = await App.ClientFor(mailer.ProviderApiKey).PostJson($"/v1/quality-samples/{sample["id"]}/evaluation", new { guidance = "clean the print head" }).Ok();
        Assert.Equal("failed", (string)failed["status"]!);
        Assert.Equal("F", (string)failed["barcode_grade"]!);
        Assert.Contains("grades F", (string)failed["deficiencies"]![0]!);
    }

    /// <summary>A clean 300 dpi-like scan of the piece's Data Matrix (6 px a module, quiet zone).</summary>
    private static string Scan(string barcodeData) =>
        Convert.ToBase64String(PngWriter.Encode(DataMatrixEncoder.Encode(Convert.FromBase64String(barcodeData)), pixelsPerModule: 6, quietZoneModules: 2));
}

[Collection("sqlite")]
public sealed class SqliteQualityAssuranceTests(SqliteAppFixture f) : QualityAssuranceTests(() => f.App), IClassFixture<SqliteAppFixture>;

[Collection("postgres")]
public sealed class PostgresQualityAssuranceTests(PostgresAppFixture f) : QualityAssuranceTests(() => f.App), IClassFixture<PostgresAppFixture>;
