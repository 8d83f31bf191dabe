using Ibis.Architecture.Tests.Support;
using Mono.Cecil;

namespace Ibis.Architecture.Tests;

/// <summary>
/// Issue 18, step 2: "one use-case layer that knows no HTTP — typed commands and results". A use case (a class of
/// Ibis.Server with a public method that takes the <c>Caller</c> first, reads included) answers with its own types —
/// a view, or a <c>Reply&lt;T&gt;</c> for a command kept under an idempotency key — never with an HTTP answer
/// (<c>IResult</c>, the status-and-bytes <c>ApiReply</c> the endpoint filters keep) and never reads the request
/// (<c>HttpContext</c>). The endpoints map HTTP to the command and the reply to the status (<c>ReplyResults</c>); the
/// portal pages show the reply's value. Checked on the IL of the class and everything nested in it (its lambdas and
/// async state machines), so a use inside a method body counts.
/// </summary>
public sealed class UseCaseHttpTests
{
    private const string CallerType = "Ibis.Server.Auth.Caller";

    /// <summary>Where HTTP belongs: the shared HTTP helpers, the portal, and the endpoint classes (<c>…Api</c>).</summary>
    private static bool IsEdge(TypeDefinition t) =>
        t.Namespace.StartsWith("Ibis.Server.Api", StringComparison.Ordinal) || t.Namespace.StartsWith("Ibis.Server.Pages", StringComparison.Ordinal)
        || t.Name.EndsWith("Api", StringComparison.Ordinal) || t.Name.EndsWith("Endpoints", StringComparison.Ordinal);

    private static bool IsUseCase(TypeDefinition t) => t.IsClass && !t.IsNested && !IsEdge(t) && t.Methods.Any(m =>
        m.IsPublic && !m.IsStatic && !m.IsConstructor && m.Parameters.Count > 0 && m.Parameters[0].ParameterType.FullName == CallerType);

    /// <summary>An HTTP type: ASP.NET Core's request and result types, or the kept HTTP answer of the endpoint filters.</summary>
    private static bool IsHttp(TypeReference t) =>
        t.Namespace == "Microsoft.AspNetCore.Http" || t.Namespace.StartsWith("Microsoft.AspNetCore.Http.", StringComparison.Ordinal)
        || t.Namespace.StartsWith("Microsoft.AspNetCore.Mvc", StringComparison.Ordinal) || t.FullName == "Ibis.Server.Api.ApiReply";

    private static IEnumerable<TypeDefinition> WithNested(TypeDefinition t) => t.NestedTypes.SelectMany(WithNested).Prepend(t);

    internal static IEnumerable<string> HttpUses(IEnumerable<TypeDefinition> types) => types
        .Where(IsUseCase)
        .SelectMany(t => WithNested(t).SelectMany(TypeUses.Of).Where(u => IsHttp(u.Used)).Select(u => $"{t.FullName} uses {u.Used.FullName} ({u.Where})"))
        .Distinct();

    [Fact]
    public void UseCases_KnowNoHttp()
    {
        var found = HttpUses(Compiled.Module(Compiled.Server).Types).ToList();
        Assert.True(found.Count == 0, "use cases that speak HTTP (answer with a Reply<T> or a view; the endpoint maps it):\n" + string.Join("\n", found));
    }

    [Fact]
    public void Scanner_SeesTheCommandsAndWouldSeeAnHttpAnswer()
    {
        // Guards the scan: the reset is a use case, and the HTTP answer it gave before (ApiReply) would be seen.
        var types = Compiled.Module(Compiled.Server).Types;
        var reset = types.Single(t => t.FullName == "Ibis.Server.Psd.ResetDevice");
        Assert.True(IsUseCase(reset));
        Assert.True(IsHttp(types.Single(t => t.FullName == "Ibis.Server.Api.ApiReply")));
        Assert.False(IsUseCase(types.Single(t => t.FullName == "Ibis.Server.Psd.PsdApi")));
        Assert.Contains(WithNested(reset).SelectMany(TypeUses.Of), u => u.Used.FullName.StartsWith("Ibis.Server.UseCases.Reply`1", StringComparison.Ordinal));
    }
}
