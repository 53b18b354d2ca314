using Microsoft.Extensions.Logging;

namespace Streamcaps.Hosting.Tests;

/// <summary>Writes "Level Category[EventId] message" lines into a list (lock the list to read it).</summary>
internal sealed class ListLoggerProvider(List<string> lines) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new Writer(lines, categoryName);

    public void Dispose()
    {
    }

    private sealed class Writer(List<string> lines, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (lines)
            {
                lines.Add($"{logLevel} {category}[{eventId.Id}] {formatter(state, exception)}");
            }
        }
    }
}
