using System.Net;
using System.Net.Sockets;

namespace Streamcaps.Tests.Cli;

/// <summary>A plain listening socket on 127.0.0.1 that the CLI connects to, for tests that drive the far side by
/// hand: read to the FIN, answer after it, or reset.</summary>
internal sealed class RawPeer : IDisposable
{
    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

    public RawPeer()
    {
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(16);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndPoint!).Port;

    public async Task<Socket> AcceptAsync() => await _listener.AcceptAsync().WaitAsync(CliProcess.DefaultTimeout);

    /// <summary>Closes <paramref name="socket"/> with a reset (linger 0) instead of a FIN.</summary>
    public static void Reset(Socket socket)
    {
        socket.LingerState = new LingerOption(true, 0);
        socket.Dispose();
    }

    public void Dispose() => _listener.Dispose();
}
