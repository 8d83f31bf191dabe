using Ibis.Architecture.Tests.Support;

namespace Ibis.Architecture.Tests;

/// <summary>
/// Issue 18, steps 3–4: "non-contract types internal" and "server modules use each other only through contracts".
/// A module's contract (docs/architecture.md, "Contracts") is what another module, the Pages, the composition root or
/// the CLI uses, an HTTP body of the OpenAPI document, and what those expose through a public constructor or a base
/// class (<see cref="ModuleContracts"/>, read from the IL like the module graph). So <c>public</c> says "contract":
/// a type one module uses from another must be public, and a public type must be a contract. The list below holds the
/// public types that are no contract with the reason each stays public; it may only shrink.
/// </summary>
public sealed class ModuleContractTests
{
    /// <summary>Public types that are no contract, each with why it stays public.</summary>
    private static readonly Dictionary<string, string> StayPublic = new(StringComparer.Ordinal)
    {
        ["Program"] = "the entry point: WebApplicationFactory<Program> (tests, bench) names the server by it (public partial class Program)",
        // Exposed by a public member of a contract that only its own module calls; the member can be internal, and
        // then the type, once the typed results for account and device commands have landed in Funds and Psd.
        ["Ibis.Server.Funds.IPaymentGateway"] = "returned by PaymentGateways.Live and For, which only Funds calls",
        ["Ibis.Server.Funds.PaymentInstruction"] = "taken by the public Submit of the two payment gateways, which only Funds calls",
        ["Ibis.Server.Funds.PaymentSubmission"] = "returned by the public Submit of the two payment gateways, which only Funds calls",
    };

    /// <summary>Types that are not public and yet used by another module today. Empty; it may only stay so.</summary>
    private static readonly string[] KnownInternalUses = [];

    [Fact]
    public void ContractFinder_SeesUsesBodiesAndConstructors()
    {
        // Guards the reading: a use from another module (Indicia runs Psd's transaction), one from the CLI (the
        // offline decoding of scanned pages), a request body (Accepts<T>), a body nested in another (a property), a
        // list's item (Paged<T>), and the closure over a public constructor.
        var c = ModuleContracts.Server;
        Assert.True(ModuleGraph.Server.Uses("Indicia", "Psd"));
        Assert.Contains("Ibis.Server.Psd.PsdTransaction", c.UsedOutside.Keys);
        Assert.Contains("Ibis.Server.Refunds.ScannedPages", c.UsedByOtherAssemblies);
        Assert.Contains("Ibis.Server.Licensing.ApplicationRequest", c.HttpBodies);
        Assert.Contains("Ibis.Server.Licensing.PostOfficeView", c.HttpBodies);
        Assert.Contains("Ibis.Server.Licensing.LeaseView", c.HttpBodies);
        Assert.Contains(c.Contracts.Values, why => why.StartsWith("in the constructor of ", StringComparison.Ordinal));
        Assert.DoesNotContain("Ibis.Server.Compliance.SweepDutiesJob", c.Contracts.Keys);
    }

    [Fact]
    public void ATypeUsedByAnotherModule_IsPublic()
    {
        AllowList.AssertOnlyShrinks(ModuleContracts.Server.InternalTypesUsedOutside, KnownInternalUses,
            "types another module uses that are not public (make the type public: it is a contract)");
    }

    [Fact]
    public void APublicType_IsAContract_ButTheListedOnes()
    {
        var found = ModuleContracts.Server.PublicNonContracts(Compiled.Module(Compiled.Server));
        AllowList.AssertOnlyShrinks(found, StayPublic.Keys,
            "public types that nothing outside their module uses and no endpoint reads or answers (make them internal)");
        Assert.All(StayPublic.Values, reason => Assert.False(string.IsNullOrWhiteSpace(reason)));
    }

    [Fact]
    public void Contracts_ForTheRecord()
    {
        // Not a rule: every contract with why it is one, and the counts, for whoever narrows a module.
        var server = Compiled.Module(Compiled.Server);
        var c = ModuleContracts.Server;
        var own = server.Types.Where(t => !ModuleContracts.IsCompilerMade(t) && ModuleGraph.ModuleOf(t) is not null).ToList();
        var lines = new List<string>
        {
            $"top-level types: {own.Count}, public: {own.Count(t => t.IsPublic)}, internal: {own.Count(t => !t.IsPublic)}; " +
            $"contracts: {c.Contracts.Count} (HTTP bodies {c.HttpBodies.Count}, used outside their module {c.UsedOutside.Count}); stay public without being one: {StayPublic.Count}",
        };
        lines.AddRange(c.Contracts.OrderBy(x => x.Key, StringComparer.Ordinal).Select(x => $"{x.Key}: {x.Value}"));
        File.WriteAllLines(Path.Combine(AppContext.BaseDirectory, "module-contracts.txt"), lines);
        Assert.NotEmpty(c.Contracts);
    }
}
