using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain.Indicia;
using Ibis.Rendering.Mailpieces;
using Microsoft.EntityFrameworkCore;

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
        await SeedBuiltIn(scope.ServiceProvider.GetRequiredService<IbisDb>(), clock, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The designs built into Ibis, one per renderer layout, approved from the start.</summary>
    public static readonly IReadOnlyList<(string Id, IndiciumDesign Layout)> BuiltIn =
    [
        ("dsg_ibis_standard_v1", IndiciumDesigns.Standard),
        ("dsg_ibis_label_v1", IndiciumDesigns.Label),
    ];

    public static string BuiltInFor(Medium medium) => BuiltIn.First(b => b.Layout == IndiciumDesigns.DefaultFor(medium)).Id;

    /// <summary>Stores the built-in designs on a fresh database.</summary>
    internal static async Task SeedBuiltIn(IbisDb db, TimeProvider clock, CancellationToken ct)
    {
        foreach (var (id, layout) in BuiltIn)
        {
            if (await db.IndiciumDesigns.AnyAsync(d => d.Id == id, ct)) continue;
            db.IndiciumDesigns.Add(new IndiciumDesignRow
            {
                Id = id, ProviderId = null, Name = layout.Description, Layout = layout.Id, ApprovalReference = "Ibis built-in design",
                Status = ApprovalStatus.Approved, RegisteredBy = "ibis", RegisteredAt = clock.GetUtcNow(), DecidedBy = "ibis", DecidedAt = clock.GetUtcNow(),
            });
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another node seeded them first.
        }
    }
}
