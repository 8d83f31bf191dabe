using Ibis.Data;

namespace Ibis.Server.Indicia;

/// <summary>
/// After the migrations and the sample price list: on an empty database, store the built-in indicium designs
/// (P050 4.1), so a fresh install can print at once.
/// </summary>
public sealed class SeedBuiltInDesigns(IServiceProvider services, TimeProvider clock) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        await IndiciumDesignsApi.SeedBuiltIn(scope.ServiceProvider.GetRequiredService<IbisDb>(), clock, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
