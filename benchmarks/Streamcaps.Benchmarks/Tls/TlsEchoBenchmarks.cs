using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;
using Streamcaps.Net;

namespace Streamcaps.Benchmarks.Tls;

/// <summary>
/// TLS bulk echo, server side, in the steady state: a Streamcaps <see cref="TlsConnection"/> over a TCP
/// connection (its source delivering straight into its own sink) against a hand-written <see cref="SslStream"/>
/// copy loop over a <see cref="NetworkStream"/>, over real loopback sockets, TLS 1.3 on both. The client side
/// is the same raw socket with an SslStream for both.
/// </summary>
/// <remarks>Run: <c>dotnet run -c Release --project benchmarks/Streamcaps.Benchmarks -- --filter *TlsEcho* --job short</c>.</remarks>
[MemoryDiagnoser]
public class TlsEchoBenchmarks
{
    private const int EchoesPerInvoke = 16;

    private Socket _listener = null!;
    private SslStream _rawClient = null!;
    private SslStream _rawServerSide = null!;
    private SslStream _streamcapsClient = null!;
    private IConnection _streamcapsServerSide = null!;
    private CountingSink _echo = null!;
    private byte[] _chunk = null!;
    private byte[] _clientBuffer = null!;
    private byte[] _serverBuffer = null!;

    [Params(16 * 1024, 64 * 1024)]
    public int ChunkSize { get; set; }

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    private async Task SetupAsync()
    {
        _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(4);

        var (client, server) = await ConnectRawPairAsync();
        _rawClient = new SslStream(new NetworkStream(client, ownsSocket: true));
        _rawServerSide = new SslStream(new NetworkStream(server, ownsSocket: true));
        await Task.WhenAll(
            _rawClient.AuthenticateAsClientAsync(BenchmarkTls.ClientOptions()),
            _rawServerSide.AuthenticateAsServerAsync(BenchmarkTls.ServerOptions()));

        // The Streamcaps side is a TCP connection Tcp.ConnectAsync makes, upgraded to TLS as the server.
        var accepting = _listener.AcceptAsync();
        var transport = await Streamcaps.Net.Tcp.ConnectAsync(_listener.LocalEndPoint!);
        var peer = await accepting;
        peer.NoDelay = true;
        _streamcapsClient = new SslStream(new NetworkStream(peer, ownsSocket: true));
        var serverSide = Streamcaps.Net.Tls.AuthenticateAsServerAsync(transport, BenchmarkTls.ServerOptions());
        await _streamcapsClient.AuthenticateAsClientAsync(BenchmarkTls.ClientOptions());
        _streamcapsServerSide = await serverSide;
        _echo = new CountingSink(_streamcapsServerSide.Sink);

        _chunk = new byte[ChunkSize];
        Random.Shared.NextBytes(_chunk);
        _clientBuffer = new byte[ChunkSize];
        _serverBuffer = new byte[TlsConnectionOptions.DefaultReceiveBufferSize];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _streamcapsServerSide.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _streamcapsClient.Dispose();
        _rawClient.Dispose();
        _rawServerSide.Dispose();
        _listener.Dispose();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = EchoesPerInvoke)]
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask SslStreamCopyLoop()
    {
        for (var i = 0; i < EchoesPerInvoke; i++)
        {
            await _rawClient.WriteAsync(_chunk);
            for (var echoed = 0; echoed < ChunkSize;)
            {
                var received = await _rawServerSide.ReadAsync(_serverBuffer);
                await _rawServerSide.WriteAsync(_serverBuffer.AsMemory(0, received));
                echoed += received;
            }

            await _rawClient.ReadExactlyAsync(_clientBuffer);
        }
    }

    [Benchmark(OperationsPerInvoke = EchoesPerInvoke)]
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask StreamcapsTlsSourceIntoSink()
    {
        for (var i = 0; i < EchoesPerInvoke; i++)
        {
            await _streamcapsClient.WriteAsync(_chunk);
            _echo.Count = 0;
            while (_echo.Count < ChunkSize)
            {
                await _streamcapsServerSide.Source.RunAsync(_echo);
            }

            await _streamcapsClient.ReadExactlyAsync(_clientBuffer);
        }
    }

    private async Task<(Socket Client, Socket Server)> ConnectRawPairAsync()
    {
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        var accepting = _listener.AcceptAsync();
        await client.ConnectAsync(_listener.LocalEndPoint!);
        var server = await accepting;
        server.NoDelay = true;
        return (client, server);
    }

    /// <summary>Forwards to the connection's own sink and counts the bytes, so the benchmark knows when a
    /// chunk that arrived in several records has been echoed whole.</summary>
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
