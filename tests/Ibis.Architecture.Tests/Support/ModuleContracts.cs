using Mono.Cecil;

namespace Ibis.Architecture.Tests.Support;

/// <summary>
/// The contracts of Ibis.Server's modules (docs/architecture.md, "Contracts"), read from the compiled IL: the types
/// another module, the Pages, the composition root or another Ibis assembly (the CLI) uses; the request and answer
/// bodies the OpenAPI document describes, with the types their public properties carry; and, closed over all of
/// these, the parameter types of a contract's public constructors (dependency injection builds it through them), its
/// base class, and the types in a contract interface's public members (C# requires them as visible as the contract). Everything else may be internal.
/// </summary>
public sealed class ModuleContracts
{
    /// <summary>A type used from outside its module, with one example use (for the failure message).</summary>
    public IReadOnlyDictionary<string, string> UsedOutside { get; }

    /// <summary>The types another Ibis assembly (the CLI) uses.</summary>
    public IReadOnlySet<string> UsedByOtherAssemblies { get; }

    /// <summary>The HTTP bodies: request and answer types of the endpoints and the types their public properties carry.</summary>
    public IReadOnlySet<string> HttpBodies { get; }

    /// <summary>Every contract (full names, nested types as Outer/Nested), with why it is one.</summary>
    public IReadOnlyDictionary<string, string> Contracts { get; }

    /// <summary>A use of a type that is not public by another module: "Type (module) used by Module: example".</summary>
    public IReadOnlyList<string> InternalTypesUsedOutside { get; }

    private ModuleContracts(Dictionary<string, string> usedOutside, HashSet<string> otherAssemblies, HashSet<string> httpBodies, Dictionary<string, string> contracts,
        List<string> internalUses)
    {
        UsedOutside = usedOutside;
        UsedByOtherAssemblies = otherAssemblies;
        HttpBodies = httpBodies;
        Contracts = contracts;
        InternalTypesUsedOutside = internalUses;
    }

    private static readonly Lazy<ModuleContracts> ServerContracts = new(() => Build(Compiled.Module(Compiled.Server), [Compiled.Module(Compiled.Cli)]));

    public static ModuleContracts Server => ServerContracts.Value;

    /// <summary>The methods whose type arguments are request or answer bodies of an endpoint.</summary>
    private static bool NamesABody(MethodReference m) => m.DeclaringType.FullName switch
    {
        "Microsoft.AspNetCore.Http.OpenApiRouteHandlerBuilderExtensions" or "Microsoft.AspNetCore.Builder.OpenApiRouteHandlerBuilderExtensions" => m.Name is "Accepts" or "Produces",
        "Microsoft.AspNetCore.Http.TypedResults" => true,
        "Ibis.Server.Api.PagedListEndpoints" => m.Name == "Paged",
        "Ibis.Server.Api.JsonBody" or "Ibis.Server.Api.IdempotentBody" => m.Name.StartsWith("Read", StringComparison.Ordinal),
        _ => false,
    };

    /// <summary>True when the type can be seen from another assembly: public, and every type it is nested in too.</summary>
    public static bool IsVisible(TypeDefinition t) =>
        t.IsNested ? t.IsNestedPublic && IsVisible(t.DeclaringType) : t.IsPublic;

    public static bool IsCompilerMade(TypeDefinition t) =>
        t.Name.Contains('<', StringComparison.Ordinal)
        || t.CustomAttributes.Any(a => a.AttributeType.FullName == "System.Runtime.CompilerServices.CompilerGeneratedAttribute");

    public static ModuleContracts Build(ModuleDefinition server, IReadOnlyList<ModuleDefinition> otherAssemblies)
    {
        var types = Compiled.AllTypes(server).ToDictionary(t => t.FullName, StringComparer.Ordinal);
        TypeDefinition? Own(TypeReference r) =>
            Compiled.Outermost(r).Scope switch
            {
                ModuleDefinition m when m == server => types.GetValueOrDefault(r.FullName),
                AssemblyNameReference a when a.Name == server.Assembly.Name.Name => types.GetValueOrDefault(r.FullName),
                _ => null,
            };

        var usedOutside = new Dictionary<string, string>(StringComparer.Ordinal);
        var internalUses = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var type in types.Values)
        {
            var from = ModuleGraph.ModuleOf(type);
            if (from is null) continue;
            foreach (var use in TypeUses.Of(type))
            {
                if (Own(use.Used) is not { } used) continue;
                var to = ModuleGraph.ModuleOf(used);
                if (to is null || to == from) continue;
                var example = $"{Compiled.Outermost(type).FullName}::{use.Where}";
                usedOutside.TryAdd(used.FullName, $"used by {from} ({example})");
                if (!IsVisible(used)) internalUses.Add($"{used.FullName} ({to}) used by {from}: {example}");
            }
        }
        var byOtherAssemblies = new HashSet<string>(StringComparer.Ordinal);
        foreach (var other in otherAssemblies)
            foreach (var type in Compiled.AllTypes(other))
                foreach (var use in TypeUses.Of(type))
                    if (Own(use.Used) is { } used)
                    {
                        byOtherAssemblies.Add(used.FullName);
                        usedOutside.TryAdd(used.FullName, $"used by {other.Assembly.Name.Name} ({Compiled.Outermost(type).FullName}::{use.Where})");
                    }

        var bodies = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Queue<TypeDefinition>();
        void Body(TypeReference? r)
        {
            switch (r)
            {
                case null or GenericParameter: return;
                case GenericInstanceType git:
                    Body(git.ElementType);
                    foreach (var a in git.GenericArguments) Body(a);
                    return;
                case TypeSpecification spec:
                    Body(spec.ElementType);
                    return;
            }
            if (Own(r) is { } t && bodies.Add(t.FullName)) pending.Enqueue(t);
        }
        // A typed result (Ok<T>, Created<T>, Results<…>) anywhere in a signature or a body names its T.
        void ResultTypes(TypeReference? r)
        {
            if (r is GenericInstanceType git)
            {
                if (git.ElementType.Namespace == "Microsoft.AspNetCore.Http.HttpResults")
                    foreach (var a in git.GenericArguments) Body(a);
                foreach (var a in git.GenericArguments) ResultTypes(a);
            }
            else if (r is TypeSpecification spec) ResultTypes(spec.ElementType);
        }
        foreach (var type in types.Values)
            foreach (var m in type.Methods)
            {
                ResultTypes(m.ReturnType);
                if (!m.HasBody) continue;
                foreach (var ins in m.Body.Instructions)
                    switch (ins.Operand)
                    {
                        case GenericInstanceMethod gim when NamesABody(gim):
                            foreach (var a in gim.GenericArguments) Body(a);
                            ResultTypes(gim.ReturnType);
                            break;
                        case MethodReference mr:
                            ResultTypes(mr.DeclaringType);
                            ResultTypes(mr.ReturnType);
                            break;
                        case TypeReference tr:
                            ResultTypes(tr);
                            break;
                    }
            }
        // A body carries the types of its public properties (nested objects, lists of them) and is one of its base type.
        while (pending.TryDequeue(out var body))
        {
            Body(body.BaseType);
            foreach (var p in body.Properties)
                if (p.GetMethod is { IsPublic: true, IsStatic: false }) Body(p.PropertyType);
        }

        var contracts = new Dictionary<string, string>(StringComparer.Ordinal);
        var grow = new Queue<TypeDefinition>();
        void Contract(TypeDefinition t, string why)
        {
            if (contracts.TryAdd(t.FullName, why)) grow.Enqueue(t);
        }
        foreach (var (name, why) in usedOutside) Contract(types[name], why);
        foreach (var name in bodies) Contract(types[name], "an HTTP body");
        // C# and dependency injection: a contract's base class and the parameters of its public constructors are as
        // visible as it is (the container builds a public class through a public constructor only).
        void Exposed(TypeReference? r, string why)
        {
            switch (r)
            {
                case null or GenericParameter: return;
                case GenericInstanceType git:
                    Exposed(git.ElementType, why);
                    foreach (var a in git.GenericArguments) Exposed(a, why);
                    return;
                case TypeSpecification spec:
                    Exposed(spec.ElementType, why);
                    return;
            }
            if (Own(r) is { } t) Contract(t, why);
        }
        while (grow.TryDequeue(out var c))
        {
            Exposed(c.BaseType, $"the base class of {c.FullName}");
            foreach (var ctor in c.Methods.Where(m => m.IsConstructor && !m.IsStatic && (m.IsPublic || m.IsFamily)))
                foreach (var p in ctor.Parameters) Exposed(p.ParameterType, $"in the constructor of {c.FullName}");
            // An interface's public members are part of every implementation's surface.
            if (c.IsInterface)
                foreach (var m in c.Methods.Where(m => m.IsPublic))
                {
                    Exposed(m.ReturnType, $"in a member of {c.FullName}");
                    foreach (var p in m.Parameters) Exposed(p.ParameterType, $"in a member of {c.FullName}");
                }
        }
        return new ModuleContracts(usedOutside, byOtherAssemblies, bodies, contracts, internalUses.ToList());
    }

    /// <summary>
    /// The module's own top-level types that are public although they are no contract: nothing outside their module
    /// uses them, no endpoint reads or answers them.
    /// </summary>
    public IEnumerable<string> PublicNonContracts(ModuleDefinition server) =>
        server.Types
            .Where(t => t.IsPublic && !IsCompilerMade(t) && ModuleGraph.ModuleOf(t) is not null)
            .Where(t => !Contracts.ContainsKey(t.FullName))
            .Select(t => t.FullName);
}
