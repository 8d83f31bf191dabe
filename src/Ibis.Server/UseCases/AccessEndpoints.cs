using Ibis.Server.Auth;

namespace Ibis.Server.UseCases;

/// <summary>
/// A use case's <see cref="Access"/> checked at its endpoint, before the endpoint reads the request: a caller whose role
/// may not run the command is refused (403 <c>forbidden</c>, the pipeline's words) whatever its body holds, and learns
/// nothing from the body's validation. The pipeline checks the same <see cref="Access"/> again when the command runs (the
/// portal pages and the jobs come in that way), so the two can never disagree: there is one declaration per use case.
/// </summary>
public static class AccessEndpoints
{
    public static RouteHandlerBuilder RequireAccess(this RouteHandlerBuilder builder, Access access) =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            access.Authorize(Caller.From(context.HttpContext.User));
            return await next(context);
        });
}
