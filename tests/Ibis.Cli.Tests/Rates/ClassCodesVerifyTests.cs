using Ibis.Cli.Tests.Support;
using Ibis.Domain.Rates;
using Xunit;

namespace Ibis.Cli.Tests.Rates;

/// <summary>
/// Format v1 is unchanged by the classes of P050 1.4: an indicium of each class verifies offline and
/// the verifier names its rate category (docs/indicium-format.md, offset 50).
/// </summary>
public sealed class ClassCodesVerifyTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    public static TheoryData<ushort, string> Codes()
    {
        var data = new TheoryData<ushort, string>();
        foreach (var c in RateCategory.All) data.Add(c.Code, $"{c.MailClass}/{c.Name}");
        return data;
    }

    [Theory]
    [MemberData(nameof(Codes))]
    public async Task EveryClass_VerifiesOffline_WithItsCategoryNamed(ushort code, string name)
    {
        var indicium = TestIndicium.Create(rateCategory: code);
        var pem = _dir.Write($"cert-{code}.pem", indicium.Pem);
        var result = await CliRun.Run("verify", "--data", Convert.ToBase64String(indicium.Bytes), "--offline", "--certificate", pem, "--trust", pem, "--allow-test", "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"\"rate_category\": \"{name}\"", result.Out.Replace("\":\"", "\": \""));
    }
}
