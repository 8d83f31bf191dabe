using Ibis.Domain;
using Ibis.Domain.Rates;
using Ibis.Server.Auth;
using Ibis.Server.UseCases;

namespace Ibis.Server.Rates;

/// <summary>
/// P050 1.5, §502.22(b): the Postal Service publishes the prices, so only it loads a price list. The list is checked
/// whole and stored as sent (<see cref="RateTables.Import"/>: its problems are 400s with the JSON path, a name or
/// effective date already taken a 409); tables are never changed, a new price list is a new table.
/// </summary>
internal sealed class LoadPriceList(CommandPipeline pipeline, RateTables tables)
{
    public Task<RateTableView> Handle(Caller caller, string document, CancellationToken ct) => pipeline.Run(caller, null, async ct =>
    {
        Rules.Check(new OnlyThePostalServiceLoadsPriceListsRule(caller.Role == Caller.PostalRole));
        var row = await tables.Import(document, $"{caller.Role}:{caller.UserOrKeyId}", ct);
        return RateTableView.From(row, inForce: false);
    }, ct);
}
