namespace Ibis.Server.UseCases;

/// <summary>
/// The one place a command's <see cref="ReplyKind"/> becomes an HTTP status: in the endpoint's answer, and in the
/// idempotency table, whose status column also keeps the answers the endpoint filters capture (<see cref="IdempotentEndpoints"/>).
/// </summary>
public static class ReplyResults
{
    public static int StatusOf(ReplyKind kind) => kind switch
    {
        ReplyKind.Done => StatusCodes.Status200OK,
        ReplyKind.Created => StatusCodes.Status201Created,
        ReplyKind.Accepted => StatusCodes.Status202Accepted,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>The kind of a kept answer; a status no command keeps is not one (the row was kept by an endpoint filter).</summary>
    public static ReplyKind KindOf(int status) => status switch
    {
        StatusCodes.Status200OK => ReplyKind.Done,
        StatusCodes.Status201Created => ReplyKind.Created,
        StatusCodes.Status202Accepted => ReplyKind.Accepted,
        _ => throw new InvalidOperationException($"an idempotency key kept status {status}, which no command answers"),
    };

    /// <summary>
    /// The answer as the API sends it: the kept JSON byte for byte, the status of its kind, <c>Location</c> for a new
    /// thing, <c>Idempotency-Replay: true</c> on a replay.
    /// </summary>
    public static IResult ToResult<T>(this Reply<T> reply, HttpContext http) where T : class =>
        new Api.ApiReply(StatusOf(reply.Kind), reply.Kept, reply.Location, reply.Replayed).ToResult(http);
}
