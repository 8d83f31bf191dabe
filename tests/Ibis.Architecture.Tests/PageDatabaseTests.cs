using Ibis.Architecture.Tests.Support;

namespace Ibis.Architecture.Tests;

/// <summary>
/// Issue 18: "page models hold no database context". A portal page calls the same use cases as the API
/// and the read-only queries of the module whose records it shows (registered in PortalReads), so its
/// scoping is the module's and cannot drift from the API's. This reads every type of Ibis.Server under
/// Ibis.Server.Pages (lambdas and async state machines count for the type they sit in) for any use of
/// the database context. None may: a page reads through its module's queries and acts through the use
/// cases; a refused form is cleared by the portal's RefusalFilter and a form's key kept by its
/// IdempotentFormFilter, neither of which needs the context in the page.
/// </summary>
public sealed class PageDatabaseTests
{
    private const string DatabaseContext = "Ibis.Data.IbisDb";

    private static IEnumerable<string> TypesUsingTheDatabase(string namespacePrefix) =>
        Compiled.AllTypes(Compiled.Server)
            .Where(t => Compiled.Outermost(t).Namespace.StartsWith(namespacePrefix, StringComparison.Ordinal))
            .Where(t => TypeUses.Of(t).Any(u => u.Used.FullName == DatabaseContext))
            .Select(t => Compiled.Outermost(t).FullName)
            .Distinct();

    [Fact]
    public void Scanner_SeesAQueryUsingTheDatabase()
    {
        // Guards the scan: a page's query, which takes the context in its constructor and uses it only
        // inside async methods, is seen using it.
        Assert.Contains("Ibis.Server.Funds.ShowAccount", TypesUsingTheDatabase("Ibis.Server.Funds"));
        Assert.Contains("Ibis.Server.Psd.ShowDevice", TypesUsingTheDatabase("Ibis.Server.Psd"));
    }

    [Fact]
    public void Pages_UseNoDatabaseContext() =>
        Assert.Empty(TypesUsingTheDatabase("Ibis.Server.Pages"));
}
