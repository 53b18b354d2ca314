using System.Net;
using Streamcaps.Net;
using Streamcaps.Net.Memory;
using Streamcaps.Tests.Support;

namespace Streamcaps.Tests.Net.Features;

/// <summary>Two connected ends of each kind the features run on: TCP on loopback, TLS over loopback TCP, and
/// an in-memory pair.</summary>
internal static class ConnectionPairs
{
    public static readonly TimeSpan Patience = TcpLoopback.Patience;

    public static TheoryData<string> Kinds => new() { "tcp", "tls", "memory" };

    public static async Task<(IConnection Client, IConnection Server)> CreateAsync(string kind, MemoryConnectionOptions? memory = null)
    {
        switch (kind)
        {
            case "tcp":
            {
                await using var listener = await Tcp.BindAsync(new IPEndPoint(IPAddress.Loopback, 0));
                var client = await Tcp.ConnectAsync(listener.LocalEndPoint).WaitAsync(Patience);
                return (client, await listener.AcceptAsync().AsTask().WaitAsync(Patience));
            }

            case "tls":
            {
                await using var listener = await Streamcaps.Net.Tls.BindAsync(new IPEndPoint(IPAddress.Loopback, 0), TestCertificates.ServerOptions());
                var client = await Streamcaps.Net.Tls.ConnectAsync("localhost", ((IPEndPoint)listener.LocalEndPoint).Port,
                    TestCertificates.ClientOptions()).WaitAsync(Patience);
                return (client, await listener.AcceptAsync().AsTask().WaitAsync(Patience));
            }

            case "memory":
                return MemoryConnection.CreatePair(memory);

            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "tcp, tls or memory");
        }
    }

    /// <summary>Reads with <see cref="ConnectionFeatures.TryRead"/> and <see cref="ConnectionFeatures.WaitToReadAsync"/>
    /// until the end of the stream, <paramref name="bufferSize"/> bytes at a time.</summary>
    public static async Task<byte[]> TryReadToEndAsync(IConnection connection, int bufferSize)
    {
        using var received = new MemoryStream();
        var buffer = new byte[bufferSize];
        while (true)
        {
            if (!connection.TryRead(buffer, out var count))
            {
                await connection.WaitToReadAsync().AsTask().WaitAsync(Patience);
                continue;
            }

            if (count == 0)
            {
                return received.ToArray();
            }

            received.Write(buffer, 0, count);
        }
    }
}
