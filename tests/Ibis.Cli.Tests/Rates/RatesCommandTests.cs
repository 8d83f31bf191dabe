using System.Net;
using System.Text;
using Ibis.Cli.Tests.Support;
using Xunit;

namespace Ibis.Cli.Tests.Rates;

/// <summary>
/// The operator's price-list commands (§502.22(b)): start from a sample, check it offline, import
/// it into a server (against a stub here; the server side is tested in Ibis.Server.Tests/Rates).
/// </summary>
public sealed class RatesCommandTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Sample_ThenCheck_AcceptsTheSample()
    {
        var sample = await CliRun.Run("rates", "sample", "sample-2027-01");
        Assert.Equal(0, sample.ExitCode);
        Assert.Contains("\"sample\": true", sample.Out);
        var file = _dir.Write("prices.json", sample.Out);
        var check = await CliRun.Run("rates", "check", file);
        Assert.Equal(0, check.ExitCode);
        Assert.Contains("sample-2027-01: effective 2027-01-17, SAMPLE, 7 rate categories, zone chart", check.Out);
    }

    [Fact]
    public async Task Import_ABrokenFile_IsRefusedLocally_NamingTheField_WithoutCallingTheServer()
    {
        var stub = new Stub(HttpStatusCode.Created, "{}");
        var broken = (await CliRun.Run("rates", "sample")).Out.Replace("\"0.740\"", "\"0.74x\"");
        var result = await CliRun.Run(() => stub, "rates", "import", _dir.Write("broken.json", broken), "--server", "http://ibis.example/", "--api-key", "ibis_test_x");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("rate_table_invalid at categories[0].steps[0].price", result.Out);
        Assert.Null(stub.Request);
    }

    [Fact]
    public async Task Import_PostsTheFileWithTheKey_AndReportsTheTable()
    {
        var stub = new Stub(HttpStatusCode.Created, "{\"id\":\"rt_x\",\"name\":\"official-2027\",\"effective\":\"2027-01-17\",\"in_force\":false}");
        var file = _dir.Write("prices.json", (await CliRun.Run("rates", "sample", "sample-2027-01")).Out);
        var result = await CliRun.Run(() => stub, "rates", "import", file, "--server", "http://ibis.example:5080/", "--api-key", "ibis_live_key");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("loaded official-2027 (rt_x), effective 2027-01-17", result.Out);
        Assert.Equal("http://ibis.example:5080/v1/rate-tables", stub.Request!.RequestUri!.ToString());
        Assert.Equal("Bearer ibis_live_key", stub.Request.Headers.Authorization!.ToString());
        Assert.Contains("\"sample-2027-01\"", stub.Body);
    }

    [Fact]
    public async Task Import_RefusedByTheServer_ExitsWithTheConflictCode_AndNamesTheField()
    {
        var stub = new Stub(HttpStatusCode.Conflict, "{\"code\":\"rate_table_effective_date_taken\",\"detail\":\"a rate table already takes effect on 2027-01-17\",\"errors\":{\"effective\":[\"x\"]}}");
        var file = _dir.Write("prices.json", (await CliRun.Run("rates", "sample", "sample-2027-01")).Out);
        var result = await CliRun.Run(() => stub, "rates", "import", file, "--server", "http://ibis.example/", "--api-key", "k");
        Assert.Equal(5, result.ExitCode); // 409: another list already takes effect that day
        Assert.Contains("rate_table_effective_date_taken at effective", result.Out);
    }

    private sealed class Stub(HttpStatusCode status, string body) : HttpMessageHandler
    {
        public HttpRequestMessage? Request { get; private set; }

        public string? Body { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Request = request;
            Body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
            return new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        }
    }
}
