namespace Ibis.Domain;

/// <summary>
/// The outcome of parsing untrusted input: a value, or a stable error code and message. Parsers of
/// hostile bytes return this instead of throwing (NodaTime's ParseResult habit).
/// </summary>
public readonly struct ParseResult<T>
{
    private readonly T? _value;

    private readonly bool _completed;

    private ParseResult(T? value, string? code, string? message)
    {
        _completed = true;
        _value = value;
        ErrorCode = code;
        ErrorMessage = message;
    }

    /// <summary>True only for a result made by <see cref="Ok"/>; <c>default(ParseResult&lt;T&gt;)</c> is not a success.</summary>
    public bool Success => _completed && ErrorCode is null;

    public string? ErrorCode { get; }

    public string? ErrorMessage { get; }

    /// <summary>The parsed value; throws when parsing failed.</summary>
    public T Value => Success ? _value! : throw new InvalidOperationException($"Parse failed: {ErrorCode}: {ErrorMessage}");

    public static ParseResult<T> Ok(T value) => new(value, null, null);

    public static ParseResult<T> Fail(string code, string message) => new(default, code, message);
}
