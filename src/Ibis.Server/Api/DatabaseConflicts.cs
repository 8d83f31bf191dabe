using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Ibis.Server.Api;

/// <summary>
/// Two requests that raced for the same thing (a second open deposit account, customer record,
/// transmission version or license at one post office) lose at a unique index or a serialization
/// check of the database. The loser answers 409 with a stable code — never a 500, never a partial
/// change (its transaction rolled back).
/// </summary>
public static class DatabaseConflicts
{
    /// <summary>The conflict this exception stands for, or null when it is not one.</summary>
    public static ApiException? Classify(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException { SqlState: PostgresErrorCodes.UniqueViolation }:
                case SqliteException { SqliteErrorCode: 19, SqliteExtendedErrorCode: 2067 or 1555 }: // SQLITE_CONSTRAINT_UNIQUE, _PRIMARYKEY
                    return new ApiException(409, "concurrent_duplicate",
                        "another request created the same record at the same moment; read the current state and retry if it is still needed");
                // Text PostgreSQL cannot store (a NUL character in a body field): bad input, not a server error.
                case PostgresException { SqlState: PostgresErrorCodes.CharacterNotInRepertoire or PostgresErrorCodes.UntranslatableCharacter }:
                    return new ApiException(400, "text_invalid", "a text field contains a character that cannot be stored (such as NUL)");
                case PostgresException { SqlState: PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected }:
                case SqliteException { SqliteErrorCode: 5 or 6 }: // SQLITE_BUSY, SQLITE_LOCKED
                case DbUpdateConcurrencyException:
                    return new ApiException(409, "concurrent_update",
                        "another request changed the same record at the same moment; nothing was changed, retry");
                // The database went away (a primary killed, a failover under way, "No suitable host was found"
                // while no primary is reachable yet): every client-side Npgsql failure, and the server errors
                // Npgsql calls transient (57P01 terminating connection…). Retryable; a commit cut off here may or
                // may not have happened, and the same Idempotency-Key tells which.
                case NpgsqlException n when n is not PostgresException || n.IsTransient:
                    return new ApiException(503, "database_unavailable",
                        "the database is not reachable at the moment (for instance during a failover); retry with the same Idempotency-Key");
            }
        }
        return null;
    }
}
