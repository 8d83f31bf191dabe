namespace Ibis.Server.UseCases;

/// <summary>
/// What a command's answer says happened, in the use case's words. The API gives each kind its status in one place
/// (<see cref="ReplyResults"/>); the portal shows the value.
/// </summary>
public enum ReplyKind
{
    /// <summary>The state asked for or changed, shown (an audit message, an account's settings).</summary>
    Done,

    /// <summary>Something new was made (an indicium, a reset record, a deposit); it lives at the reply's location.</summary>
    Created,

    /// <summary>The request was taken and is answered later (a certificate request to an outside CA).</summary>
    Accepted,
}

/// <summary>What an operation under a row lock answers before it is kept: its value, what happened, where the new thing lives.</summary>
public sealed record Outcome<T>(T Value, ReplyKind Kind, string? Location = null) where T : class;

/// <summary>Short names for the outcomes an operation returns.</summary>
public static class Outcome
{
    public static Outcome<T> Created<T>(T value, string? location = null) where T : class => new(value, ReplyKind.Created, location);

    public static Outcome<T> Done<T>(T value) where T : class => new(value, ReplyKind.Done);

    public static Outcome<T> Accepted<T>(T value, string location) where T : class => new(value, ReplyKind.Accepted, location);
}

/// <summary>
/// The typed answer of a command that runs under a device's or an account's row lock (<c>PsdTransaction</c>,
/// <c>AccountTransaction</c>): the value the portal shows, what happened, where the new thing lives, and whether it is
/// the answer kept under the request's idempotency key, replayed. The answer's JSON is fixed when the effect commits
/// (<see cref="Kept"/>): the API sends those bytes, so a retry — even one after an upgrade that added a field — gets
/// the first answer byte for byte (Stripe's rule), and the value is never serialized twice.
/// </summary>
public sealed class Reply<T> where T : class
{
    public Reply(T value, ReplyKind kind, string? location, bool replayed, byte[] kept)
    {
        Value = value;
        Kind = kind;
        Location = location;
        Replayed = replayed;
        Kept = kept;
    }

    public T Value { get; }

    public ReplyKind Kind { get; }

    /// <summary>Where the new thing can be read (its API path), for <see cref="ReplyKind.Created"/> and <see cref="ReplyKind.Accepted"/>.</summary>
    public string? Location { get; }

    /// <summary>True when nothing ran: the answer is the one kept under the request's idempotency key.</summary>
    public bool Replayed { get; }

    /// <summary>The answer's JSON as kept for a replay (snake_case, the API's options).</summary>
    public byte[] Kept { get; }

    /// <summary>The same answer seen as one of its value's base types (a command that answers one of two kinds of thing).</summary>
    public Reply<TBase> As<TBase>() where TBase : class =>
        new((TBase)(object)Value, Kind, Location, Replayed, Kept);
}
