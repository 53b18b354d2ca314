using Microsoft.Extensions.Logging;

namespace Streamcaps.Net;

/// <summary>
/// Where a server's events go when it was given neither <see cref="TcpServerOptions.LoggerFactory"/> nor
/// <see cref="TcpServerOptions.OnFailure"/>: one line each on standard error, from
/// <see cref="LogLevel.Information"/> up, so a handler that throws or a handshake that fails is never
/// invisible. Errors carry the whole exception (its stack trace), the others its type and message.
/// </summary>
internal sealed class StandardErrorLogger : ILogger
{
    public static readonly StandardErrorLogger Instance = new();

    private StandardErrorLogger()
    {
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information && logLevel != LogLevel.None;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel))
        {
            return;
        }

        ArgumentNullException.ThrowIfNull(formatter);
        var detail = exception switch
        {
            null => "",
            _ when logLevel >= LogLevel.Error => Environment.NewLine + exception,
            _ => $": {exception.GetType().Name}: {exception.Message}",
        };
        Console.Error.WriteLine($"{StreamcapsNetDiagnostics.LoggerCategory}[{eventId.Id}] {logLevel}: {formatter(state, exception)}{detail}");
    }
}
