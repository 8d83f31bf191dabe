using Ibis.Architecture.Tests.Support;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Ibis.Architecture.Tests;

/// <summary>
/// Issue 18, step 2: "endpoints map HTTP to commands and results to typed Results". An endpoint class (one that maps
/// routes: a method taking a <c>RouteGroupBuilder</c> or an <c>IEndpointRouteBuilder</c>) reads the request, calls a use
/// case and writes its answer; it changes nothing itself. A write there — <c>SaveChanges</c>, adding or removing through a
/// <c>DbSet</c>, a bulk <c>ExecuteUpdate</c>/<c>ExecuteDelete</c> — bypasses the pipeline (its access check, its
/// transaction, the SQLite write gate) and hides a use case of the rule under an HTTP verb. Checked on the IL of the class
/// and everything nested in it (its lambdas and async state machines).
/// </summary>
public sealed class EndpointWriteTests
{
    private static bool MapsRoutes(TypeDefinition t) => t.Methods.Any(m => m.Parameters.Any(p =>
        p.ParameterType.FullName is "Microsoft.AspNetCore.Routing.RouteGroupBuilder" or "Microsoft.AspNetCore.Routing.IEndpointRouteBuilder"));

    private static IEnumerable<TypeDefinition> WithNested(TypeDefinition t) => t.NestedTypes.SelectMany(WithNested).Prepend(t);

    private static readonly HashSet<string> DbSetWrites = ["Add", "AddAsync", "AddRange", "AddRangeAsync", "Remove", "RemoveRange", "Update", "UpdateRange", "Attach"];

    internal static bool IsWrite(MethodReference m)
    {
        var declaring = m.DeclaringType.GetElementType().FullName;
        return (m.Name.StartsWith("SaveChanges", StringComparison.Ordinal) && (declaring == "Microsoft.EntityFrameworkCore.DbContext" || declaring == "Ibis.Data.IbisDb"))
            || (declaring == "Microsoft.EntityFrameworkCore.DbSet`1" && DbSetWrites.Contains(m.Name))
            || (declaring == "Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions" && (m.Name.StartsWith("ExecuteUpdate", StringComparison.Ordinal) || m.Name.StartsWith("ExecuteDelete", StringComparison.Ordinal)))
            || (declaring == "Microsoft.EntityFrameworkCore.RelationalQueryableExtensions" && (m.Name.StartsWith("ExecuteUpdate", StringComparison.Ordinal) || m.Name.StartsWith("ExecuteDelete", StringComparison.Ordinal)));
    }

    internal static IEnumerable<string> Writes(TypeDefinition endpointClass) => WithNested(endpointClass)
        .SelectMany(t => t.Methods.Where(m => m.HasBody).SelectMany(m => m.Body.Instructions
            .Where(i => i.OpCode.FlowControl == FlowControl.Call && i.Operand is MethodReference called && IsWrite(called))
            .Select(i => $"{endpointClass.FullName} ({m.Name}) calls {((MethodReference)i.Operand).DeclaringType.Name}.{((MethodReference)i.Operand).Name}")))
        .Distinct();

    [Fact]
    public void Endpoints_ChangeNothingThemselves()
    {
        var found = Compiled.Module(Compiled.Server).Types.Where(MapsRoutes).SelectMany(Writes).ToList();
        Assert.True(found.Count == 0, "endpoints that write to the database themselves (move the work into a use case run by the pipeline):\n" + string.Join("\n", found));
    }

    [Fact]
    public void Scanner_SeesEndpointsAndWrites()
    {
        var types = Compiled.Module(Compiled.Server).Types;
        // The endpoint classes are found (the prints' and the funds'), and a use case's save would count as a write.
        Assert.Contains(types, t => t.FullName == "Ibis.Server.Indicia.IndiciaApi" && MapsRoutes(t));
        Assert.Contains(types, t => t.FullName == "Ibis.Server.Funds.FundsApi" && MapsRoutes(t));
        var pipeline = types.Single(t => t.FullName == "Ibis.Server.UseCases.CommandPipeline");
        Assert.Contains(WithNested(pipeline).SelectMany(t => t.Methods.Where(m => m.HasBody)).SelectMany(m => m.Body.Instructions),
            i => i.Operand is MethodReference called && IsWrite(called));
    }
}
