using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;
using Streamcaps.Net;

namespace Streamcaps.Benchmarks.Tls;

/// <summary>
/// TLS bulk echo in the steady state: an echo server that is the one-liner <c>Flow.RunAsync(c.Source, c.Sink)</c>
/// over a Streamcaps <see cref="TlsConnection"/> (on a Streamcaps TCP connection) against a hand-written
/// <see cref="SslStream"/> copy loop over a <see cref="NetworkStream"/>, on real loopback sockets, TLS 1.3 on
/// both. Each operation is one chunk written by the same kind of client (a raw socket with an SslStream) and
/// read back whole.
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
    private Task _rawEcho = null!;
    private Task _streamcapsEcho = null!;
    private byte[] _chunk = null!;
    private byte[] _clientBuffer = null!;

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

        _rawEcho = CopyLoopAsync(_rawServerSide);
        _streamcapsEcho = Streamcaps.Flow.RunAsync(_streamcapsServerSide.Source, _streamcapsServerSide.Sink);
        _chunk = new byte[ChunkSize];
        Random.Shared.NextBytes(_chunk);
        _clientBuffer = new byte[ChunkSize];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _rawClient.ShutdownAsync().GetAwaiter().GetResult();
        _streamcapsClient.ShutdownAsync().GetAwaiter().GetResult();
        Task.WhenAll(_rawEcho, _streamcapsEcho).GetAwaiter().GetResult();
        _streamcapsServerSide.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _streamcapsClient.Dispose();
        _rawClient.Dispose();
        _rawServerSide.Dispose();
        _listener.Dispose();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = EchoesPerInvoke)]
    public ValueTask SslStreamCopyLoop() => EchoAsync(_rawClient);

    [Benchmark(OperationsPerInvoke = EchoesPerInvoke)]
    public ValueTask StreamcapsTlsFlow() => EchoAsync(_streamcapsClient);

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask EchoAsync(SslStream client)
    {
        for (var i = 0; i < EchoesPerInvoke; i++)
        {
            await client.WriteAsync(_chunk);
            await client.ReadExactlyAsync(_clientBuffer);
        }
    }

    /// <summary>The hand-written echo: read what arrived, write it back, until the client closes.</summary>
    private static async Task CopyLoopAsync(SslStream server)
    {
        var buffer = new byte[TlsConnectionOptions.DefaultReceiveBufferSize];
        int received;
        while ((received = await server.ReadAsync(buffer)) > 0)
        {
            await server.WriteAsync(buffer.AsMemory(0, received));
        }

        await server.ShutdownAsync();
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
}
