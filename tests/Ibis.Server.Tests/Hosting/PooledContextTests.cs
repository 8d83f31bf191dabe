using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Ibis.Server.Tests.Hosting;

/// <summary>
/// Issue 17: the request contexts are pooled. A context goes back to the pool at the end of its scope and the
/// next scope may get the same one, so nothing a scope left in it — rows added but not saved, a transaction
/// begun but not committed — may reach the next scope. An open transaction would be worst: the SQLite write
/// gate lets a context that already has one skip the queue.
/// </summary>
public abstract class PooledContextTests(Func<IbisApp> app)
{
    private IbisApp App => app();

    [SkippableFact]
    public async Task WhatAScopeLeftInItsContext_DoesNotReachTheNextScope()
    {
        var id = "prv_pool_" + Guid.NewGuid().ToString("N")[..12];
        IbisDb first;
        await using (var scope = App.Services.CreateAsyncScope())
        {
            first = scope.ServiceProvider.GetRequiredService<IbisDb>();
            first.Providers.Add(new ProviderRow { Id = id + "_unsaved", Name = "left tracked" });
            await first.Database.BeginTransactionAsync();
            first.Providers.Add(new ProviderRow { Id = id, Name = "left uncommitted" });
            await first.SaveChangesAsync();
        }

        // The pool hands contexts out oldest-returned first: lease until the one the first scope used comes back.
        var scopes = new List<AsyncServiceScope>();
        try
        {
            IbisDb? next = null;
            for (var i = 0; i < 200 && next is null; i++)
            {
                var scope = App.Services.CreateAsyncScope();
                scopes.Add(scope);
                var db = scope.ServiceProvider.GetRequiredService<IbisDb>();
                if (ReferenceEquals(db, first)) next = db;
            }
            Assert.NotNull(next); // pooled: the same context, handed out again
            Assert.Null(next.Database.CurrentTransaction);
            Assert.Empty(next.ChangeTracker.Entries());
            Assert.Equal(0, await next.SaveChangesAsync());
        }
        finally
        {
            foreach (var scope in scopes) await scope.DisposeAsync();
        }

        Assert.Equal(0, await App.WithDb(db => db.Providers.CountAsync(p => p.Id.StartsWith(id))));
        // The rolled-back transaction holds no lock: a write goes through.
        Assert.Equal(1, await App.WithDb(async db =>
        {
            db.Providers.Add(new ProviderRow { Id = id + "_after", Name = "after" });
            return await db.SaveChangesAsync();
        }));
    }
}

[Collection("sqlite")]
public sealed class SqlitePooledContextTests(SqliteAppFixture f) : PooledContextTests(() => f.App), IClassFixture<SqliteAppFixture>;

[Collection("postgres")]
public sealed class PostgresPooledContextTests(PostgresAppFixture f) : PooledContextTests(() => f.App), IClassFixture<PostgresAppFixture>;
