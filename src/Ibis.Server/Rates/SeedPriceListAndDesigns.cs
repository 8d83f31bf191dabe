using Ibis.Data;
using Ibis.Server.Indicia;

namespace Ibis.Server.Rates;

/// <summary>
/// After the migrations (IbisStartup runs first): on an empty database, store the SAMPLE price list
/// and the built-in indicium designs, so a fresh install can price and print at once. An operator
/// loads the official price list with <c>ibis rates import</c>.
/// </summary>
public sealed class SeedPriceListAndDesigns(IServiceProvider services, TimeProvider clock) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<RateTables>().SeedSample(cancellationToken);
        await IndiciumDesignsApi.SeedBuiltIn(scope.ServiceProvider.GetRequiredService<IbisDb>(), clock, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
