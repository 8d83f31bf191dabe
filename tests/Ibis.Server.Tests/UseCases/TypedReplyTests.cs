using System.Net;
using System.Text;
using Ibis.Data;
using Ibis.Domain.Money;
using Ibis.Server.Api;
using Ibis.Server.Auth;
using Ibis.Server.Psd;
using Ibis.Server.Tests.Infrastructure;
using Ibis.Server.Tests.Psd;
using Ibis.Server.UseCases;
using Ibis.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Ibis.Server.Tests.UseCases;

/// <summary>
/// Issue 18: a command under a row lock answers a typed <see cref="Reply{T}"/> — the value the portal shows, what
/// happened, where the new thing lives — not an HTTP status and bytes. Its JSON is fixed once, when the effect
/// commits, and kept under the idempotency key: a retry through the use case gets the same value read back, and a
/// retry through the API gets the kept bytes themselves, even when today's code would serialize the value otherwise.
/// </summary>
public abstract class TypedReplyTests(Func<IbisApp> app)
{
    private IbisApp App => app();

    private static Caller Licensee(string licenseeId) => new("usr_test_licensee", Caller.LicenseeRole, licenseeId, null, TestMode: true);

    private async Task<Reply<ResetView>> Reset(Caller caller, string deviceId, long mills, IdempotentRequest request)
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ResetDevice>().Handle(caller, deviceId, Mills.FromMills(mills), request, default);
    }

    [SkippableFact]
    public async Task AReset_AnswersItsRecord_AndARetryReadsTheKeptAnswerBack()
    {
        var who = await App.NewLicensee("Typed Reply Mailer");
        var caller = Licensee(who.LicenseeId);
        var request = new IdempotentRequest("typed-reset-1", "the same request");

        var first = await Reset(caller, who.DeviceId, 25_000, request);
        Assert.False(first.Replayed);
        Assert.Equal(ReplyKind.Created, first.Kind);
        Assert.Equal($"/v1/resets/{first.Value.Id}", first.Location);
        Assert.Equal(App.Services.GetRequiredService<ApiJson>().Serialize(first.Value), first.Kept);

        var again = await Reset(caller, who.DeviceId, 25_000, request);
        Assert.True(again.Replayed);
        Assert.Equal(first.Value.Id, again.Value.Id);
        Assert.Equal(ReplyKind.Created, again.Kind);
        Assert.Equal(first.Location, again.Location);
        Assert.Equal(first.Kept, again.Kept);
        Assert.Equal("125.000", (await App.ClientFor(who.ApiKey).Device(who.DeviceId)).Amount("descending_register")); // one reset, not two
    }

    [SkippableFact]
    public async Task TheApi_ReplaysTheKeptBytes_NotANewSerialization()
    {
        var who = await App.NewLicensee("Kept Bytes Mailer");
        var client = App.ClientFor(who.ApiKey);
        var first = await client.Reset(who.DeviceId, "10.000", "typed-reset-2");
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);

        // An answer kept by an earlier version (one field more than today's view): a retry still gets it as it was.
        byte[] kept;
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<IbisDb>();
            var row = await db.IdempotencyKeys.SingleAsync(k => k.Scope == who.DeviceId && EF.Functions.Like(k.Key, "%|typed-reset-2")); // stored as operation|caller|key
            var text = Encoding.UTF8.GetString(row.Body);
            kept = Encoding.UTF8.GetBytes(text[..^1] + ",\"kept_by\":\"an earlier version\"}");
            row.Body = kept;
            await db.SaveChangesAsync();
        }
        var retry = await client.Reset(who.DeviceId, "10.000", "typed-reset-2");
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal("true", retry.Headers.GetValues("Idempotency-Replay").Single());
        Assert.Equal(first.Headers.Location, retry.Headers.Location);
        Assert.Equal(kept, await retry.Content.ReadAsByteArrayAsync());
    }
}

[Collection("sqlite")]
public sealed class SqliteTypedReplyTests(SqliteAppFixture f) : TypedReplyTests(() => f.App), IClassFixture<SqliteAppFixture>;

[Collection("postgres")]
public sealed class PostgresTypedReplyTests(PostgresAppFixture f) : TypedReplyTests(() => f.App), IClassFixture<PostgresAppFixture>;
