using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Streamcaps.Tests.Diagnostics;

/// <summary>A logger factory that keeps every event at or above <see cref="MinimumLevel"/>, for tests that check
/// which events a server logs, at which level, with which id; <see cref="WaitForAsync"/> waits for one.</summary>
internal sealed class RecordingLoggerFactory(LogLevel minimumLevel = LogLevel.Trace) : ILoggerFactory
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();
    private readonly Lock _lock = new();
    private TaskCompletionSource _added = NewSignal();

    public LogLevel MinimumLevel => minimumLevel;

    public IReadOnlyCollection<LogEntry> Entries => _entries;

    /// <summary>How many times a logger was asked to format a message (a disabled level must never be).</summary>
    public int Formatted => _formatted;

    private int _formatted;

    public ILogger CreateLogger(string categoryName) => new Recorder(this, categoryName);

    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException();

    public void Dispose()
    {
    }

    /// <summary>Waits, bounded, for an event that matches.</summary>
    public async Task<LogEntry> WaitForAsync(Func<LogEntry, bool> match, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            Task added;
            lock (_lock)
            {
                added = _added.Task;
            }

            if (_entries.FirstOrDefault(match) is { } entry)
            {
                return entry;
            }

            try
            {
                await added.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"No matching log event within {timeout}; logged: {string.Join("; ", _entries)}");
            }
        }
    }

    private void Add(LogEntry entry)
    {
        _entries.Enqueue(entry);
        lock (_lock)
        {
            var added = _added;
            _added = NewSignal();
            added.TrySetResult();
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private sealed class Recorder(RecordingLoggerFactory factory, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= factory.MinimumLevel;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            Interlocked.Increment(ref factory._formatted);
            factory.Add(new LogEntry(category, logLevel, eventId, formatter(state, exception), exception));
        }
    }
}

internal sealed record LogEntry(string Category, LogLevel Level, EventId EventId, string Message, Exception? Exception);
