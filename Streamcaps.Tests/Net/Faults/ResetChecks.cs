using System.Net.Sockets;

namespace Streamcaps.Tests.Net.Faults;

/// <summary>How the fault tests tell a reset from the other ends.</summary>
internal static class ResetChecks
{
    /// <summary>Whether <paramref name="end"/> or one of its inner exceptions is a <see cref="SocketException"/>
    /// with <see cref="SocketError.ConnectionReset"/> (TLS wraps the transport's failure in an <see cref="IOException"/>).</summary>
    public static bool IsReset(Exception? end)
    {
        for (var current = end; current is not null; current = current.InnerException)
        {
            if (current is SocketException { SocketErrorCode: SocketError.ConnectionReset })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A short name for how a source ended, for counting outcomes.</summary>
    public static string Describe(Exception? end) => end switch
    {
        null => "clean end",
        _ when IsReset(end) => nameof(SocketError.ConnectionReset),
        SocketException socket => socket.SocketErrorCode.ToString(),
        _ => $"{end.GetType().Name}({end.InnerException?.GetType().Name}: {(end.InnerException as SocketException)?.SocketErrorCode})",
    };
}
