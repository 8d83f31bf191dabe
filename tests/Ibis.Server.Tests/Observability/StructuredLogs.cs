using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Ibis.Server.Tests.Observability;

/// <summary>Every log record of the app with its event id, its formatted text and its structured values.</summary>
public sealed class StructuredLogs : ILoggerProvider
{
    public sealed record Entry(string Category, LogLevel Level, EventId EventId, string Text, IReadOnlyList<KeyValuePair<string, object?>> Values);

    public ConcurrentQueue<Entry> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, Entries);

    public void Dispose() { }

    private sealed class Logger(string category, ConcurrentQueue<Entry> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            var values = state as IReadOnlyList<KeyValuePair<string, object?>> ?? [];
            entries.Enqueue(new Entry(category, logLevel, eventId, formatter(state, exception), values.ToList()));
        }
    }
}
