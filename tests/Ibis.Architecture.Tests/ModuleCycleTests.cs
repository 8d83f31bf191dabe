using Ibis.Architecture.Tests.Support;

namespace Ibis.Architecture.Tests;

/// <summary>
/// DESIGN 3, "modules that talk through narrow public types": the modules of Ibis.Server (one per
/// top-level namespace: Psd, Indicia, Funds, …) must not depend on each other in a circle, and the
/// shared base layer (Api, Auth, Hosting) must not depend on any feature module. The graph is read
/// from the compiled IL (<see cref="TypeUses"/>), so a use inside a lambda or an async method counts.
/// Both lists below hold what exists today and may only shrink: a new cycle fails, and so does a
/// listed one that has gone (delete its line).
/// </summary>
public sealed class ModuleCycleTests
{
    /// <summary>Modules every other module may use; they sit under the features and use none of them.</summary>
    private static readonly string[] BaseLayer = ["Api", "Auth", "Hosting"];

    /// <summary>
    /// Each cycle starts at its alphabetically first module. The edge that closes it today is named
    /// (see module-graph.txt in the test output for every edge with an example use).
    /// </summary>
    private static readonly string[] KnownCycles =
    [];

    private static readonly string[] KnownBaseLayerViolations = [];

    private static bool IsBase(string module) => BaseLayer.Contains(module);

    /// <summary>
    /// The edges that count for cycles: a base module using a feature module is already a violation
    /// of its own (listed above), and the composition root may use everything.
    /// </summary>
    private static IEnumerable<(string From, string To)> CycleEdges(ModuleGraph graph) => graph.Edges.Keys
        .Where(e => e.From != ModuleGraph.CompositionRoot && e.To != ModuleGraph.CompositionRoot)
        .Where(e => !(IsBase(e.From) && !IsBase(e.To)));

    [Fact]
    public void ModuleGraph_IsReadFromTheServer()
    {
        // Guards the reading: the modules exist, and known uses are seen, including one made only
        // inside an async method (ResetDevice's handler runs in a state machine).
        var graph = ModuleGraph.Server;
        foreach (var m in new[] { "Psd", "Indicia", "Funds", "Licensing", "Api", "Auth", "Hosting", "Pages" })
            Assert.Contains(m, graph.Modules);
        Assert.True(graph.Uses("Psd", "Funds"), "Psd → Funds (ResetDevice debits the deposit account) was not seen");
        Assert.True(graph.Uses("Indicia", "Psd"), "Indicia → Psd (PrintIndicium runs a PSD transaction) was not seen");
        Assert.True(graph.Uses(ModuleGraph.CompositionRoot, "Hosting"), "Program → Hosting was not seen");
    }

    [Fact]
    public void CycleFinder_FindsEveryElementaryCycleOnce()
    {
        var cycles = ModuleGraph.ElementaryCycles([("A", "B"), ("B", "A"), ("B", "C"), ("C", "A"), ("C", "D")]);
        Assert.Equal(["A → B → A", "A → B → C → A"], cycles);
    }

    [Fact]
    public void ModuleCycles_AreOnlyTheKnownOnes()
    {
        var cycles = ModuleGraph.ElementaryCycles(CycleEdges(ModuleGraph.Server));
        AllowList.AssertOnlyShrinks(cycles, KnownCycles, "module cycles");
    }

    [Fact]
    public void BaseLayer_UsesNoFeatureModule_ButTheKnownOnes()
    {
        var graph = ModuleGraph.Server;
        var violations = graph.Edges
            .Where(e => IsBase(e.Key.From) && !IsBase(e.Key.To) && e.Key.To != ModuleGraph.CompositionRoot)
            .Select(e => $"{e.Key.From} → {e.Key.To}");
        AllowList.AssertOnlyShrinks(violations, KnownBaseLayerViolations, "base-layer uses of feature modules");
    }

    [Fact]
    public void ModuleEdges_ForTheRecord()
    {
        // Not a rule: prints the whole graph with an example per edge, for whoever removes a cycle.
        var graph = ModuleGraph.Server;
        var lines = graph.Edges.OrderBy(e => e.Key.From, StringComparer.Ordinal).ThenBy(e => e.Key.To, StringComparer.Ordinal)
            .Select(e => $"{e.Key.From} → {e.Key.To}:{string.Concat(e.Value.Select(x => Environment.NewLine + "    " + x))}");
        File.WriteAllLines(Path.Combine(AppContext.BaseDirectory, "module-graph.txt"), lines);
        Assert.NotEmpty(graph.Edges);
    }
}
