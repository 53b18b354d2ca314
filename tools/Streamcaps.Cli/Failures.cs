using System.Net.Sockets;
using System.Security.Authentication;
using Streamcaps.Framing;
using Streamcaps.Text;

namespace Streamcaps.Cli;

/// <summary>Turns what ended a relay into an exit code and one line a person can act on.</summary>
internal static class Failures
{
    public static ExitCode CodeOf(Exception failure) => Unwrap(failure) switch
    {
        UsageException => ExitCode.Usage,
        SocketException { SocketErrorCode: SocketError.ConnectionRefused } => ExitCode.Refused,
        SocketException { SocketErrorCode: SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown or SocketError.NotConnected } => ExitCode.Reset,
        SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain
            or SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.AddressNotAvailable } => ExitCode.Unreachable,
        TimeoutException => ExitCode.Timeout,
        AuthenticationException => ExitCode.Handshake,
        FramingException or InvalidUtf8Exception or InvalidDataException => ExitCode.Protocol,
        // A TLS stream cut without close_notify, or a stream whose peer vanished.
        IOException => ExitCode.Reset,
        _ => ExitCode.Failed,
    };

    /// <summary>One line for stderr, without a stack trace.</summary>
    public static string Describe(Exception failure)
    {
        var cause = Unwrap(failure);
        return cause switch
        {
            SocketException socket => $"{Explain(socket.SocketErrorCode)} ({socket.Message})",
            _ => cause.Message,
        };
    }

    private static string Explain(SocketError error) => error switch
    {
        SocketError.ConnectionRefused => "connection refused",
        SocketError.ConnectionReset => "connection reset by peer",
        SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => "host not found",
        SocketError.HostUnreachable or SocketError.NetworkUnreachable => "host unreachable",
        SocketError.AddressAlreadyInUse => "address already in use",
        SocketError.AddressNotAvailable => "address not available",
        SocketError.AccessDenied => "permission denied",
        _ => error.ToString(),
    };

    /// <summary>The exception that says what happened, beneath the wrappers that only say where.</summary>
    private static Exception Unwrap(Exception failure)
    {
        while (true)
        {
            switch (failure)
            {
                case AggregateException { InnerExceptions.Count: 1 } aggregate:
                    failure = aggregate.InnerExceptions[0];
                    continue;
                case IOException { InnerException: SocketException or AuthenticationException } io when io is not FramingException:
                    failure = io.InnerException!;
                    continue;
                default:
                    return failure;
            }
        }
    }
}
