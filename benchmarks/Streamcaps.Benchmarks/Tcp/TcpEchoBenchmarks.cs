using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;
using Streamcaps.Net;

namespace Streamcaps.Benchmarks.Tcp;

/// <summary>
/// The cost of echoing one chunk on the server side, in the steady state: a Streamcaps connection (its source
/// delivering straight into its own sink) against the hand-written <c>Socket.ReceiveAsync</c>/<c>SendAsync</c>
/// loop, over real loopback sockets. The client side is the same raw socket for both. MemoryDiagnoser shows
/// the bytes allocated per echoed chunk, which should be 0 for both.
/// </summary>
/// <remarks>Run: <c>dotnet run -c Release --project benchmarks/Streamcaps.Benchmarks -- --filter *TcpEcho* --job short</c>.</remarks>
[MemoryDiagnoser]
public class TcpEchoBenchmarks
{
    private const int EchoesPerInvoke = 16;

    private Socket _listener = null!;
    private Socket _client = null!;
    private Socket _rawServerSide = null!;
    private Socket _streamcapsClient = null!;
    private IConnection _streamcapsServerSide = null!;
    private CountingSink _echo = null!;
    private byte[] _chunk = null!;
    private byte[] _clientBuffer = null!;
    private byte[] _serverBuffer = null!;

    [Params(64, 16 * 1024)]
    public int ChunkSize { get; set; }

    [GlobalSetup]
    public virtual void Setup()
    {
        _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(4);
        (_client, _rawServerSide) = ConnectRawPair();
        _rawServerSide.NoDelay = true;

        // The Streamcaps side is the connection Tcp.ConnectAsync makes; its raw peer plays the client.
        var accepting = _listener.AcceptAsync();
        _streamcapsServerSide = ConnectStreamcaps(_listener.LocalEndPoint!);
        _streamcapsClient = accepting.GetAwaiter().GetResult();
        _streamcapsClient.NoDelay = true;
        _echo = new CountingSink(_streamcapsServerSide.Sink);

        // Every socket waits once before measuring, as every socket of a real server soon does. .NET registers a
        // socket with epoll at its first wait, and from then on each arrival wakes the event loop: a socket that
        // never waited skips that work, which would make the measure compare registration, not echo loops.
        WaitOnceAsync(_rawServerSide, () => SendOneByteAsync(_client)).GetAwaiter().GetResult();
        WaitOnceAsync(_client, () => SendOneByteAsync(_rawServerSide)).GetAwaiter().GetResult();
        WaitOnceAsync(_streamcapsClient, () => _streamcapsServerSide.Sink.RunAsync(new byte[1])).GetAwaiter().GetResult();
        var sourceWaiting = _streamcapsServerSide.Source.RunAsync(_echo).AsTask();
        _streamcapsClient.Send(new byte[1]);
        sourceWaiting.GetAwaiter().GetResult();
        _streamcapsClient.Receive(new byte[1]);

        _chunk = new byte[ChunkSize];
        Random.Shared.NextBytes(_chunk);
        _clientBuffer = new byte[ChunkSize];
        _serverBuffer = new byte[64 * 1024];
    }

    /// <summary>Makes the Streamcaps connection whose echo is measured.</summary>
    protected virtual IConnection ConnectStreamcaps(EndPoint server) => Streamcaps.Net.Tcp.ConnectAsync(server).GetAwaiter().GetResult();

    [GlobalCleanup]
    public virtual void Cleanup()
    {
        _streamcapsServerSide.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _streamcapsClient.Dispose();
        _client.Dispose();
        _rawServerSide.Dispose();
        _listener.Dispose();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = EchoesPerInvoke)]
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask SocketLoop()
    {
        for (var i = 0; i < EchoesPerInvoke; i++)
        {
            await SendAsync(_client);
            for (var echoed = 0; echoed < ChunkSize;)
            {
                var received = await _rawServerSide.ReceiveAsync(_serverBuffer.AsMemory(), SocketFlags.None);
                for (var sent = 0; sent < received;)
                {
                    sent += await _rawServerSide.SendAsync(_serverBuffer.AsMemory(sent, received - sent), SocketFlags.None);
                }

                echoed += received;
            }

            await ReceiveAsync(_client);
        }
    }

    [Benchmark(OperationsPerInvoke = EchoesPerInvoke)]
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask StreamcapsSourceIntoSink()
    {
        for (var i = 0; i < EchoesPerInvoke; i++)
        {
            await SendAsync(_streamcapsClient);
            _echo.Count = 0;
            while (_echo.Count < ChunkSize)
            {
                await _streamcapsServerSide.Source.RunAsync(_echo);
            }

            await ReceiveAsync(_streamcapsClient);
        }
    }

    private async ValueTask SendAsync(Socket client)
    {
        for (var sent = 0; sent < ChunkSize;)
        {
            sent += await client.SendAsync(_chunk.AsMemory(sent), SocketFlags.None);
        }
    }

    private async ValueTask ReceiveAsync(Socket client)
    {
        for (var received = 0; received < ChunkSize;)
        {
            received += await client.ReceiveAsync(_clientBuffer.AsMemory(received), SocketFlags.None);
        }
    }

    /// <summary>Makes <paramref name="socket"/> wait for one byte, which <paramref name="peerSendsOneByte"/> sends
    /// once the wait began.</summary>
    private static async Task WaitOnceAsync(Socket socket, Func<ValueTask> peerSendsOneByte)
    {
        var waiting = socket.ReceiveAsync(new byte[1].AsMemory(), SocketFlags.None);
        await peerSendsOneByte();
        await waiting;
    }

    private static async ValueTask SendOneByteAsync(Socket socket) => await socket.SendAsync(new byte[1].AsMemory(), SocketFlags.None);

    private (Socket Client, Socket Server) ConnectRawPair()
    {
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        var accepting = _listener.AcceptAsync();
        client.Connect(_listener.LocalEndPoint!);
        return (client, accepting.GetAwaiter().GetResult());
    }

    /// <summary>Forwards to the connection's own sink and counts the bytes, so the benchmark knows when a
    /// chunk that arrived in pieces has been echoed whole.</summary>
    private sealed class CountingSink(ISink<ReadOnlyMemory<byte>> inner) : ISink<ReadOnlyMemory<byte>>
    {
        public int Count { get; set; }

        public ValueTask RunAsync(ReadOnlyMemory<byte> item, CancellationToken cancellationToken = default)
        {
            Count += item.Length;
            return inner.RunAsync(item, cancellationToken);
        }

        public ValueTask CompleteAsync(CancellationToken cancellationToken = default) => inner.CompleteAsync(cancellationToken);

        public ValueTask AbortAsync(Exception problem) => inner.AbortAsync(problem);
    }
}
