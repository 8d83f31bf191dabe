using Ibis.Architecture.Tests.Support;

namespace Ibis.Architecture.Tests;

/// <summary>
/// Issue 18: "page models hold no database context". A portal page calls the same use cases as the API
/// and the read-only queries of the module whose records it shows (registered in PortalReads), so its
/// scoping is the module's and cannot drift from the API's. This reads every type of Ibis.Server under
/// Ibis.Server.Pages (lambdas and async state machines count for the type they sit in) for any use of
/// the database context.
/// </summary>
public sealed class PageDatabaseTests
{
    private const string DatabaseContext = "Ibis.Data.IbisDb";

    /// <summary>Pages that still use the database context today. Only shrinks.</summary>
    private static readonly string[] KnownPages =
    [
        "Ibis.Server.Pages.Portal.BatchModel",
        "Ibis.Server.Pages.Portal.Devices.DeviceModel",
        "Ibis.Server.Pages.Portal.Licensing.IndexModel",
        "Ibis.Server.Pages.Portal.PrintModel",
        "Ibis.Server.Pages.Portal.Privacy.MyRecordModel",
        "Ibis.Server.Pages.Portal.Privacy.PrivacyForms",
        "Ibis.Server.Pages.Portal.Privacy.RequestModel",
        "Ibis.Server.Pages.Portal.Privacy.RequestsModel",
    ];

    private static IEnumerable<string> PagesUsingTheDatabase() =>
        Compiled.AllTypes(Compiled.Server)
            .Where(t => Compiled.Outermost(t).Namespace.StartsWith("Ibis.Server.Pages", StringComparison.Ordinal))
            .Where(t => TypeUses.Of(t).Any(u => u.Used.FullName == DatabaseContext))
            .Select(t => Compiled.Outermost(t).FullName)
            .Distinct();

    [Fact]
    public void Scanner_SeesAPageUsingTheDatabase()
    {
        // Guards the scan: a page known to read the database directly is seen doing it.
        Assert.Contains("Ibis.Server.Pages.Portal.PrintModel", PagesUsingTheDatabase());
    }

    [Fact]
    public void Pages_UseNoDatabaseContext_ButTheKnownOnes() =>
        AllowList.AssertOnlyShrinks(PagesUsingTheDatabase(), KnownPages, "portal pages using the database context");
}
