using Mono.Cecil;

namespace Ibis.Architecture.Tests.Support;

/// <summary>
/// The modules of Ibis.Server and the uses between them, computed from the compiled IL. A module is
/// the first namespace segment under Ibis.Server (Ibis.Server.Psd.Foo → Psd). Razor views, compiled
/// into AspNetCoreGeneratedDocument, belong to Pages; the top-level Program is the composition root
/// and is left out (it may use every module, and nothing uses it). Types the compiler or a source
/// generator puts outside Ibis.Server's namespaces (regex, embedded attributes) are left out too.
/// </summary>
public sealed class ModuleGraph
{
    public const string CompositionRoot = "Program";

    /// <summary>Edges "From → To" with, for each, a few example uses for the failure message.</summary>
    public IReadOnlyDictionary<(string From, string To), IReadOnlyList<string>> Edges { get; }

    public IReadOnlySet<string> Modules { get; }

    private ModuleGraph(Dictionary<(string, string), IReadOnlyList<string>> edges, HashSet<string> modules)
    {
        Edges = edges;
        Modules = modules;
    }

    public static string? ModuleOf(TypeReference type)
    {
        var outer = Compiled.Outermost(type);
        var ns = outer.Namespace;
        if (ns == "AspNetCoreGeneratedDocument") return "Pages";
        if (ns.Length == 0) return outer.Name == CompositionRoot ? CompositionRoot : null;
        // The composition root: Program and the types beside it in the root namespace (IbisComposition,
        // AdminCommand) wire every module together, so they may use them all.
        if (ns == "Ibis.Server") return CompositionRoot;
        if (!ns.StartsWith("Ibis.Server.", StringComparison.Ordinal)) return null;
        var rest = ns["Ibis.Server.".Length..];
        var dot = rest.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? rest : rest[..dot];
    }

    private static readonly Lazy<ModuleGraph> ServerGraph = new(() => Build(Compiled.Module(Compiled.Server)));

    public static ModuleGraph Server => ServerGraph.Value;

    public static ModuleGraph Build(ModuleDefinition module)
    {
        var edges = new Dictionary<(string, string), List<string>>();
        var modules = new HashSet<string>(StringComparer.Ordinal);
        foreach (var type in Compiled.AllTypes(module))
        {
            var from = ModuleOf(type);
            if (from is null) continue;
            modules.Add(from);
            foreach (var use in TypeUses.Of(type))
            {
                if (!TypeUses.IsIn(use.Used, module)) continue;
                var to = ModuleOf(use.Used);
                if (to is null || to == from) continue;
                if (!edges.TryGetValue((from, to), out var examples)) edges[(from, to)] = examples = [];
                if (examples.Count < 3)
                {
                    var example = $"{type.FullName}::{use.Where} uses {use.Used.FullName}";
                    if (!examples.Contains(example)) examples.Add(example);
                }
            }
        }
        return new ModuleGraph(edges.ToDictionary(e => e.Key, e => (IReadOnlyList<string>)e.Value), modules);
    }

    public bool Uses(string from, string to) => Edges.ContainsKey((from, to));

    /// <summary>
    /// Every elementary cycle of the graph restricted to <paramref name="edges"/>, each written
    /// "A → B → C → A" starting at its alphabetically first module (Johnson's algorithm, small graph).
    /// </summary>
    public static SortedSet<string> ElementaryCycles(IEnumerable<(string From, string To)> edges)
    {
        var adjacency = edges.GroupBy(e => e.From).ToDictionary(g => g.Key, g => g.Select(e => e.To).Distinct().Order(StringComparer.Ordinal).ToList());
        var nodes = adjacency.Keys.Concat(adjacency.Values.SelectMany(v => v)).Distinct().Order(StringComparer.Ordinal).ToList();
        var cycles = new SortedSet<string>(StringComparer.Ordinal);
        // For each start node s, find simple cycles through s that use only nodes ≥ s: each cycle is
        // found once, from its smallest node. Plain DFS is enough for a graph of a few dozen modules.
        for (var i = 0; i < nodes.Count; i++)
        {
            var start = nodes[i];
            var path = new List<string> { start };
            var onPath = new HashSet<string> { start };
            void Walk(string node)
            {
                foreach (var next in adjacency.GetValueOrDefault(node) ?? [])
                {
                    if (next == start)
                    {
                        cycles.Add(string.Join(" → ", path.Append(start)));
                        if (cycles.Count > 10_000) throw new InvalidOperationException("more than 10,000 module cycles");
                    }
                    else if (string.CompareOrdinal(next, start) > 0 && onPath.Add(next))
                    {
                        path.Add(next);
                        Walk(next);
                        path.RemoveAt(path.Count - 1);
                        onPath.Remove(next);
                    }
                }
            }
            Walk(start);
        }
        return cycles;
    }
}
