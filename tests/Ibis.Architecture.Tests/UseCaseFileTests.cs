using Ibis.Architecture.Tests.Support;
using Mono.Cecil;

namespace Ibis.Architecture.Tests;

/// <summary>
/// Issue 18: "a newcomer finds each use case of the rule by name in one file" — one class per use case, named as
/// what it does, with one entry point (<c>Handle</c>), like <c>ResolveCase</c> or <c>RevokeApiKey</c>. A class of
/// Ibis.Server (public or internal: a use case no other module calls is internal, <see cref="ModuleContractTests"/>)
/// whose public methods take a <c>Caller</c> more than once holds several use cases under a topic name
/// (the old <c>CaseWork</c>, <c>Providers</c>). Reads are exempt: a page's or a list's query (<c>Show…</c>,
/// <c>List…</c>, <c>…Reads</c>, <c>…Queries</c>, <c>…History</c>) may answer several questions about one record.
/// None is left; the allow-list stays empty.
/// </summary>
public sealed class UseCaseFileTests
{
    private const string CallerType = "Ibis.Server.Auth.Caller";

    // Every class is split (issue 18, step 3); a new class holding several use cases fails here.
    private static readonly string[] Allowed = [];

    private static bool IsRead(string name) =>
        name.StartsWith("Show", StringComparison.Ordinal) || name.StartsWith("List", StringComparison.Ordinal)
        || name.EndsWith("Reads", StringComparison.Ordinal) || name.EndsWith("Queries", StringComparison.Ordinal)
        || name.EndsWith("History", StringComparison.Ordinal);

    private static int EntryPoints(TypeDefinition t) => t.Methods.Count(m =>
        m.IsPublic && !m.IsStatic && !m.IsConstructor && !m.IsSpecialName
        && m.Parameters.Count > 0 && m.Parameters[0].ParameterType.FullName == CallerType);

    [Fact]
    public void EachUseCase_HasAClassOfItsOwn()
    {
        var found = Compiled.Module(Compiled.Server).Types
            .Where(t => t.IsClass && !(t.IsAbstract && t.IsSealed) && !IsRead(t.Name) && ModuleGraph.ModuleOf(t) is not null)
            .Where(t => EntryPoints(t) > 1)
            .Select(t => t.FullName);
        AllowList.AssertOnlyShrinks(found, Allowed, "classes holding several use cases");
    }

    [Fact]
    public void Scanner_SeesAUseCaseEntryPoint()
    {
        // Guards the scan: a use case's Handle takes the caller first.
        var resolve = Compiled.Module(Compiled.Server).Types.Single(t => t.FullName == "Ibis.Server.Reporting.ResolveCase");
        Assert.Equal(1, EntryPoints(resolve));
    }
}
