using Ibis.Server.Api;

namespace Ibis.Architecture.Tests.Samples;

/// <summary>
/// The shapes of a hand-made idempotency key that <see cref="PageFormTests"/> must see in a page model,
/// compiled here so the scan is tested against real IL. Read by the test, never run.
/// </summary>
public static class HandMadeKeys
{
    public static IdempotentRequest Made(string key) => new("portal:" + key, "hash");

    public static IdempotentRequest Copied(IdempotentRequest request) => request with { Key = "portal:" + request.Key };

    public static async Task<IdempotentRequest> InALambda(Func<Func<string, IdempotentRequest>, Task<IdempotentRequest>> run) =>
        await run(key => new IdempotentRequest(key, "hash"));

    public static IdempotentRequest FromAnotherMethod() => Made("form_1");

    public static IdempotentRequest NoKey() => IdempotentRequest.None;

    public static IdempotentRequest TheFormsKey(Microsoft.AspNetCore.Http.HttpContext http) => Ibis.Server.Pages.IdempotentFormFilter.RequestOf(http);
}
