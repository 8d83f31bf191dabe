namespace Ibis.Server.Rates;

/// <summary>
/// After the migrations (IbisStartup runs first): on an empty database, store the SAMPLE price list, so a
/// fresh install can price at once. An operator loads the official price list with <c>ibis rates import</c>.
/// </summary>
public sealed class SeedSamplePriceList(IServiceProvider services) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<RateTables>().SeedSample(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
