using System.Runtime.InteropServices;
using System.Xml.Linq;
using Ibis.Architecture.Tests.Support;
using NetArchTest.Rules;

namespace Ibis.Architecture.Tests;

/// <summary>
/// DESIGN 3: dependencies point inwards only — Server → Data, Security, Rendering, Barcodes → Domain;
/// Domain references nothing but the BCL; Barcodes has no dependencies. Checked three ways: the
/// assembly references compiled into each dll (exact: a dll that uses any type of another carries a
/// reference to it), type-level rules with NetArchTest, and the ProjectReferences of every project
/// in Ibis.slnx (which also covers the test and bench projects, not referenced from here).
/// </summary>
public sealed class LayeringTests
{
    /// <summary>The assemblies of the shared framework (Microsoft.NETCore.App) this test runs on: the BCL.</summary>
    private static readonly HashSet<string> Bcl = Directory
        .EnumerateFiles(RuntimeEnvironment.GetRuntimeDirectory(), "*.dll")
        .Select(Path.GetFileNameWithoutExtension)
        .Append("mscorlib").Append("netstandard")
        .ToHashSet(StringComparer.OrdinalIgnoreCase)!;

    private static List<string> References(string assembly) =>
        Compiled.Module(assembly).AssemblyReferences.Select(r => r.Name).Order(StringComparer.Ordinal).ToList();

    private static bool IsIbis(string name) => name.StartsWith("Ibis.", StringComparison.Ordinal) || name == Compiled.Cli;

    [Fact]
    public void Bcl_IsTheSharedFramework()
    {
        // Guards the definition above: the framework is found, and it is the BCL, not ASP.NET Core.
        Assert.Contains("System.Runtime", Bcl);
        Assert.Contains("System.Private.CoreLib", Bcl);
        Assert.DoesNotContain("Microsoft.AspNetCore.Http", Bcl);
        Assert.DoesNotContain("Microsoft.EntityFrameworkCore", Bcl);
    }

    [Fact]
    public void Domain_ReferencesNothingButTheBcl()
    {
        var outside = References(Compiled.Domain).Where(r => !Bcl.Contains(r)).ToList();
        Assert.True(outside.Count == 0, "Ibis.Domain references outside the BCL: " + string.Join(", ", outside));
    }

    [Fact]
    public void Domain_TypesDependOnNoIbisLayerNorFramework()
    {
        // Type level, so an offender is named; the eNhancedEdition also sees uses inside async lambdas.
        var result = Types.InAssembly(typeof(Ibis.Domain.Money.Mills).Assembly)
            .Should().NotHaveDependencyOnAny(
                "Ibis.Barcodes", "Ibis.Security", "Ibis.Rendering", "Ibis.Data", "Ibis.Server", "Ibis.Cli",
                "Microsoft.AspNetCore", "Microsoft.EntityFrameworkCore", "Microsoft.Extensions", "SkiaSharp", "Npgsql")
            .GetResult();
        Assert.True(result.IsSuccessful, "Ibis.Domain types with outer dependencies: " + string.Join(", ", result.FailingTypes?.Select(t => t.FullName) ?? []));
    }

    [Fact]
    public void Barcodes_ReferencesNoOtherIbisAssembly_AndNothingButTheBcl()
    {
        var refs = References(Compiled.Barcodes);
        Assert.True(!refs.Any(IsIbis), "Ibis.Barcodes references " + string.Join(", ", refs.Where(IsIbis)));
        // DESIGN 3: "no dependencies".
        var outside = refs.Where(r => !Bcl.Contains(r)).ToList();
        Assert.True(outside.Count == 0, "Ibis.Barcodes references outside the BCL: " + string.Join(", ", outside));
    }

    [Theory]
    [InlineData(Compiled.Security)]
    [InlineData(Compiled.Rendering)]
    [InlineData(Compiled.Data)]
    public void InnerLayers_DoNotReferenceServerOrCli(string assembly)
    {
        var refs = References(assembly);
        Assert.DoesNotContain(Compiled.Server, refs);
        Assert.DoesNotContain(Compiled.Cli, refs);
        Assert.DoesNotContain("Ibis.Cli", refs);
    }

    [Theory]
    [InlineData(Compiled.Security, new[] { Compiled.Domain })]
    [InlineData(Compiled.Rendering, new[] { Compiled.Domain, Compiled.Barcodes })]
    [InlineData(Compiled.Data, new[] { Compiled.Domain })]
    public void InnerLayers_ReferenceOnlyTheLayersBelow(string assembly, string[] allowed)
    {
        var ibis = References(assembly).Where(IsIbis).ToList();
        Assert.True(ibis.All(allowed.Contains), $"{assembly} references {string.Join(", ", ibis.Except(allowed))}; it may reference only {string.Join(", ", allowed)}");
    }

    [Fact]
    public void InnerLayers_TypesDoNotDependOnServerOrCli()
    {
        foreach (var assembly in new[] { typeof(Ibis.Security.Keys.IKeyStore).Assembly, typeof(Ibis.Rendering.Mailpieces.MailpieceRenderer).Assembly, typeof(Ibis.Data.IbisDb).Assembly })
        {
            var result = Types.InAssembly(assembly).Should().NotHaveDependencyOnAny("Ibis.Server", "Ibis.Cli").GetResult();
            Assert.True(result.IsSuccessful, $"{assembly.GetName().Name} types depending on Ibis.Server or Ibis.Cli: " + string.Join(", ", result.FailingTypes?.Select(t => t.FullName) ?? []));
        }
    }

    [Fact]
    public void NoSrcAssembly_ReferencesServer_ButTheCli()
    {
        // The CLI may become a client of the server's public types later; nothing else in src may.
        var offenders = Compiled.All.Where(a => a is not Compiled.Server and not Compiled.Cli)
            .Where(a => References(a).Contains(Compiled.Server)).ToList();
        Assert.True(offenders.Count == 0, "reference Ibis.Server: " + string.Join(", ", offenders));
    }

    [Fact]
    public void NoProject_ReferencesServer_ButTestsBenchAndCli()
    {
        // Test projects drive the server through WebApplicationFactory; bench measures it end to end.
        var root = Compiled.RepositoryRoot();
        var projects = XDocument.Load(Path.Combine(root.FullName, "Ibis.slnx")).Descendants("Project")
            .Select(p => p.Attribute("Path")!.Value.Replace('\\', '/')).ToList();
        Assert.Contains("src/Ibis.Server/Ibis.Server.csproj", projects);
        var offenders = new List<string>();
        foreach (var project in projects)
        {
            var full = Path.Combine(root.FullName, project);
            var dir = Path.GetDirectoryName(full)!;
            var references = XDocument.Load(full).Descendants("ProjectReference")
                .Select(r => Path.GetFullPath(Path.Combine(dir, r.Attribute("Include")!.Value.Replace('\\', '/'))));
            if (!references.Any(r => r.EndsWith("/src/Ibis.Server/Ibis.Server.csproj", StringComparison.Ordinal))) continue;
            var allowed = project.StartsWith("tests/", StringComparison.Ordinal) || project.StartsWith("bench/", StringComparison.Ordinal)
                || project == "src/Ibis.Cli/Ibis.Cli.csproj";
            if (!allowed) offenders.Add(project);
        }
        Assert.True(offenders.Count == 0, "projects referencing Ibis.Server: " + string.Join(", ", offenders));
    }
}
