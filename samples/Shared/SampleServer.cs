using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Streamcaps.Net;

namespace Streamcaps.Samples;

/// <summary>
/// How every sample server starts and stops. A bad port argument or a port that cannot be bound is one line on
/// stderr and an exit code, never a stack trace; SIGINT or SIGTERM stops the server gracefully
/// (<see cref="Server.StopAsync()"/>: no new connections, open ones end at an item boundary with a FIN, within
/// <see cref="TcpServerOptions.ShutdownTimeout"/>) and the process exits with 0.
/// </summary>
internal static class SampleServer
{
    /// <summary>The exit code of a server that stopped on a signal.</summary>
    public const int Stopped = 0;

    /// <summary>The exit code when the server could not listen (the port is in use, or not allowed).</summary>
    public const int CannotListen = 1;

    /// <summary>The exit code of a command line that makes no sense (a port that is not a number).</summary>
    public const int UsageError = 2;

    /// <summary>The program's name, for its error lines.</summary>
    public static string Name => AppDomain.CurrentDomain.FriendlyName;

    /// <summary>Reads the port at <paramref name="index"/> of <paramref name="args"/>, or
    /// <paramref name="defaultPort"/> when there is none; says on stderr what is wrong with a bad one.</summary>
    public static bool TryReadPort(string[] args, int index, int defaultPort, out int port)
    {
        port = defaultPort;
        if (args.Length <= index)
        {
            return true;
        }

        if (int.TryParse(args[index], NumberStyles.None, CultureInfo.InvariantCulture, out port) && port <= IPEndPoint.MaxPort)
        {
            return true;
        }

        Console.Error.WriteLine($"{Name}: '{args[index]}' is not a port: give a number from 0 to 65535 (0 picks a free port).");
        return false;
    }

    /// <summary>Listens on 127.0.0.1:<paramref name="port"/> with <paramref name="listen"/>, prints
    /// <c>listening on &lt;end point&gt;</c> (followed by <paramref name="detail"/>), waits for SIGINT or SIGTERM,
    /// then prints <c>stopping</c>, stops gracefully and prints <c>stopped</c>.</summary>
    /// <returns>The process's exit code: <see cref="Stopped"/> or <see cref="CannotListen"/>.</returns>
    public static async Task<int> RunAsync(int port, Func<IPEndPoint, Task<Server>> listen, string detail = "")
    {
        using var signal = new ShutdownSignal();
        var endPoint = new IPEndPoint(IPAddress.Loopback, port);
        Server server;
        try
        {
            server = await listen(endPoint);
        }
        catch (SocketException failure)
        {
            Console.Error.WriteLine($"{Name}: cannot listen on {endPoint}: {Explain(failure)}");
            return CannotListen;
        }

        await using (server)
        {
            Console.WriteLine($"listening on {server.LocalEndPoint}{detail}");
            await signal.Received;
            Console.WriteLine("stopping");
            await server.StopAsync();
            Console.WriteLine("stopped");
        }

        return Stopped;
    }

    private static string Explain(SocketException failure) => failure.SocketErrorCode switch
    {
        SocketError.AddressAlreadyInUse => "the port is in use (another program listens on it; pick another port, or 0 for a free one).",
        SocketError.AccessDenied => "permission denied (ports below 1024 need privileges; pick a higher port).",
        _ => failure.Message,
    };
}
