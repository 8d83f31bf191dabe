using System.Net;
using System.Text;
using Ibis.Cli.Tests.Support;
using Xunit;

namespace Ibis.Cli.Tests.Refunds;

/// <summary>Issue 13: <c>ibis refunds request --scans DIR</c> uploads every scan with progress lines and prints each piece's verdict.</summary>
public sealed class RefundsCommandTests : IDisposable
{
    private const string Answer = """
        {"id":"rfd_a","status":"requested","qualifying":{"amount":"0.740","currency":"USD"},
         "pieces":[{"line":1,"indicium_id":"ind_x","listed_as":"ind_x","qualifies":true,"reason":null,"explanation":null},
                   {"line":2,"indicium_id":null,"listed_as":"b.pdf page 1","qualifies":false,"reason":"piece_too_old","explanation":"this piece is 31 days old"}],
         "pages":[{"number":1,"name":"a.png","readable":false,"indicia":0,"error":"no indicium barcode could be read on the page"}]}
        """;

    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("ibis-refund-scans-");

    public void Dispose()
    {
        _dir.Delete(recursive: true);
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task Request_UploadsEveryScanOfTheDirectory_WithProgress_AndPrintsEachVerdict()
    {
        File.WriteAllBytes(Path.Combine(_dir.FullName, "a.png"), [0x89, 0x50, 0x4e, 0x47]);
        File.WriteAllBytes(Path.Combine(_dir.FullName, "b.pdf"), Encoding.ASCII.GetBytes("%PDF-1.7 scan"));
        File.WriteAllText(Path.Combine(_dir.FullName, "notes.txt"), "not a scan");
        var stub = new Stub(HttpStatusCode.Created, Answer);
        var result = await CliRun.Run(() => stub, "refunds", "request", "--device", "psd_a", "--scans", _dir.FullName, "--indicium", "ind_x",
            "--server", "http://ibis.example/", "--api-key", "ibis_test_k");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("/v1/refunds", stub.Request!.RequestUri!.AbsolutePath);
        Assert.Equal("multipart/form-data", stub.ContentType);
        Assert.Contains("name=device_id", stub.Body);
        Assert.Contains("psd_a", stub.Body);
        Assert.Contains("ind_x", stub.Body);
        Assert.Contains("filename=a.png", stub.Body);
        Assert.Contains("filename=b.pdf", stub.Body);
        Assert.DoesNotContain("notes.txt", stub.Body);
        Assert.Contains("1/2 read a.png", result.Err);
        Assert.Contains("2/2 read b.pdf", result.Err);
        Assert.Contains("rfd_a requested: 0.740 USD qualifies", result.Out);
        Assert.Contains("ind_x qualifies", result.Out);
        Assert.Contains("b.pdf page 1 piece_too_old: this piece is 31 days old", result.Out);
        Assert.Contains("page unreadable: a.png", result.Out);
    }

    [Fact]
    public async Task Show_GetsTheRefund_AndARefusalIsOneLine()
    {
        var stub = new Stub(HttpStatusCode.OK, Answer);
        var shown = await CliRun.Run(() => stub, "refunds", "show", "rfd_a", "--server", "http://ibis.example/", "--api-key", "k");
        Assert.Equal(0, shown.ExitCode);
        Assert.Equal("/v1/refunds/rfd_a", stub.Request!.RequestUri!.AbsolutePath);

        var missing = new Stub(HttpStatusCode.NotFound, "{\"code\":\"refund_not_found\",\"detail\":\"no refund 'rfd_b' exists (or it is not yours)\"}");
        var refused = await CliRun.Run(() => missing, "refunds", "show", "rfd_b", "--server", "http://ibis.example/", "--api-key", "k");
        Assert.Equal(4, refused.ExitCode); // not found
        Assert.Contains("refused: refund_not_found", refused.Out);

        var nothing = await CliRun.Run(() => stub, "refunds", "request", "--server", "http://ibis.example/", "--api-key", "k");
        Assert.NotEqual(0, nothing.ExitCode);
        Assert.Contains("name the pieces", nothing.Err);
    }

    [Fact]
    public async Task Request_DecodesTheScansUnderAProgressReport_BeforeUploading()
    {
        File.WriteAllBytes(Path.Combine(_dir.FullName, "a.png"), [0x89, 0x50, 0x4e, 0x47]);
        var stub = new Stub(HttpStatusCode.Created, Answer);
        var result = await CliRun.Run(() => stub, "refunds", "request", "--scans", _dir.FullName, "--server", "http://ibis.example/", "--api-key", "k");
        Assert.True(result.ExitCode == 0, result.ToString());
        // Redirected output: the progress bar falls back to plain lines; each page's reading is reported.
        Assert.Contains("decoding 1 scan(s): 1/1", result.Err);
        Assert.Contains("a.png: unreadable", result.Err);
    }

    [Fact]
    public async Task TheProcessCommands_PostToTheirResource_WithTheirOneField()
    {
        (string[] Args, string Path, string? Body)[] cases =
        [
            (["refunds", "certify", "rfd_a", "--signed-by", "Pat Provider"], "/v1/refunds/rfd_a/certification", "\"signed_by\":\"Pat Provider\""),
            (["refunds", "approve", "rfd_a"], "/v1/refunds/rfd_a/approval", null),
            (["refunds", "reject", "rfd_a", "--reason", "pieces missing"], "/v1/refunds/rfd_a/rejection", "\"reason\":\"pieces missing\""),
            (["refunds", "audit", "rfd_a", "--finding", "all there"], "/v1/refunds/rfd_a/audit", "\"finding\":\"all there\""),
        ];
        foreach (var (args, path, body) in cases)
        {
            var stub = new Stub(HttpStatusCode.OK, Answer);
            var result = await CliRun.Run(() => stub, [.. args, "--server", "http://ibis.example/", "--api-key", "k"]);
            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Equal((HttpMethod.Post, path), (stub.Request!.Method, stub.Request.RequestUri!.AbsolutePath));
            if (body is not null) Assert.Contains(body, stub.Body);
            Assert.Contains("rfd_a requested", result.Out);
        }
        var missing = await CliRun.Run(() => new Stub(HttpStatusCode.OK, Answer), "refunds", "certify", "rfd_a", "--server", "http://ibis.example/", "--api-key", "k");
        Assert.NotEqual(0, missing.ExitCode); // --signed-by is required
    }

    [Fact]
    public async Task Receive_UploadsTheProvidersScans_ToTheReceipt()
    {
        File.WriteAllBytes(Path.Combine(_dir.FullName, "tray.png"), [0x89, 0x50, 0x4e, 0x47]);
        var stub = new Stub(HttpStatusCode.OK, Answer);
        var result = await CliRun.Run(() => stub, "refunds", "receive", "rfd_a", "--scans", _dir.FullName, "--server", "http://ibis.example/", "--api-key", "k");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("/v1/refunds/rfd_a/receipt", stub.Request!.RequestUri!.AbsolutePath);
        Assert.Contains("filename=tray.png", stub.Body);
    }

    [Fact]
    public async Task List_ShowsEveryKindOfRefund()
    {
        const string list = """
            {"object":"list","has_more":false,"data":[
              {"id":"rfd_a","kind":"device_balance","status":"certified","qualifying":{"amount":"99.260","currency":"USD"},"created_at":"2026-12-01T00:00:00.000Z"},
              {"id":"rfd_b","kind":"account_balance","status":"paid","qualifying":{"amount":"10.000","currency":"USD"},"created_at":"2026-12-02T00:00:00.000Z"}]}
            """;
        var stub = new Stub(HttpStatusCode.OK, list);
        var result = await CliRun.Run(() => stub, "refunds", "list", "--status", "paid", "--server", "http://ibis.example/", "--api-key", "k");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("?status=paid", stub.Request!.RequestUri!.Query);
        Assert.Contains("device_balance", result.Out);
        Assert.Contains("account_balance", result.Out);
    }

    private sealed class Stub(HttpStatusCode status, string body) : HttpMessageHandler
    {
        public HttpRequestMessage? Request { get; private set; }

        public string Body { get; private set; } = "";

        public string? ContentType { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Request = request;
            ContentType = request.Content?.Headers.ContentType?.MediaType;
            Body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
            return new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        }
    }
}
