using System.Collections.Concurrent;
using Mono.Cecil;

namespace Ibis.Architecture.Tests.Support;

/// <summary>
/// The compiled Ibis assemblies, read with Mono.Cecil from this test project's output (the project
/// references every src project, so their dlls are copied beside it). Read, never loaded or run.
/// </summary>
public static class Compiled
{
    public const string Domain = "Ibis.Domain";
    public const string Barcodes = "Ibis.Barcodes";
    public const string Security = "Ibis.Security";
    public const string Rendering = "Ibis.Rendering";
    public const string Data = "Ibis.Data";
    public const string Server = "Ibis.Server";
    public const string Cli = "ibis"; // Ibis.Cli's assembly is named after the command

    public static readonly string[] All = [Domain, Barcodes, Security, Rendering, Data, Server, Cli];

    private static readonly ConcurrentDictionary<string, ModuleDefinition> Modules = new();

    public static ModuleDefinition Module(string assemblyName) => Modules.GetOrAdd(assemblyName, name =>
    {
        var path = Path.Combine(AppContext.BaseDirectory, name + ".dll");
        Assert.True(File.Exists(path), $"{path} is missing: the architecture tests read every src assembly from their own output");
        return ModuleDefinition.ReadModule(path, new ReaderParameters { ReadSymbols = false, InMemory = true });
    });

    /// <summary>Every type of the module, nested ones included.</summary>
    public static IEnumerable<TypeDefinition> AllTypes(string assemblyName) => AllTypes(Module(assemblyName));

    public static IEnumerable<TypeDefinition> AllTypes(ModuleDefinition module)
    {
        foreach (var t in module.Types)
            foreach (var n in WithNested(t))
                yield return n;
    }

    private static IEnumerable<TypeDefinition> WithNested(TypeDefinition t)
    {
        yield return t;
        foreach (var n in t.NestedTypes)
            foreach (var m in WithNested(n))
                yield return m;
    }

    /// <summary>The type a nested (often compiler-generated: closure, state machine, lambda) type sits in.</summary>
    public static TypeReference Outermost(TypeReference t)
    {
        while (t.DeclaringType is not null) t = t.DeclaringType;
        return t;
    }

    /// <summary>The root of the repository: the folder holding Ibis.slnx.</summary>
    public static DirectoryInfo RepositoryRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "Ibis.slnx"))) return d;
        throw new InvalidOperationException("Ibis.slnx not found above " + AppContext.BaseDirectory);
    }
}
