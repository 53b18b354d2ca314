using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using Streamcaps.Net;

namespace Streamcaps.Benchmarks.Tls;

/// <summary>
/// Full TLS 1.3 connections per second on loopback: TCP connect, handshake on both sides, close. Streamcaps
/// (<see cref="Streamcaps.Net.Tls.ConnectAsync(string, int, SslClientAuthenticationOptions, CancellationToken)"/>
/// to <see cref="Streamcaps.Net.Tls.ListenAsync(IPEndPoint, SslServerAuthenticationOptions, Func{IConnection, Task}, CancellationToken)"/>)
/// against raw sockets with <see cref="SslStream"/> on both sides. Each operation waits until the server's
/// side of the handshake finished too.
/// </summary>
/// <remarks>Run: <c>dotnet run -c Release --project benchmarks/Streamcaps.Benchmarks -- --filter *TlsHandshake* --job short</c>.</remarks>
[MemoryDiagnoser]
public class TlsHandshakeBenchmarks
{
    private Socket _rawListener = null!;
    private Server _streamcapsServer = null!;
    private int _streamcapsPort;
    private CancellationTokenSource _stop = null!;
    private Task _rawAcceptLoop = null!;
    private SemaphoreSlim _serverHandshakes = null!;

    [GlobalSetup]
    public void Setup()
    {
        _stop = new CancellationTokenSource();
        _serverHandshakes = new SemaphoreSlim(0);
        _rawListener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _rawListener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _rawListener.Listen(128);
        _rawAcceptLoop = RawAcceptLoopAsync();
        _streamcapsServer = Streamcaps.Net.Tls.ListenAsync(new IPEndPoint(IPAddress.Loopback, 0), BenchmarkTls.ServerOptions(), _ =>
        {
            _serverHandshakes.Release();
            return Task.CompletedTask;
        }).GetAwaiter().GetResult();
        _streamcapsPort = ((IPEndPoint)_streamcapsServer.LocalEndPoint).Port;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _stop.Cancel();
        _rawListener.Dispose();
        _rawAcceptLoop.ContinueWith(static _ => { }, TaskScheduler.Default).GetAwaiter().GetResult();
        _streamcapsServer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _stop.Dispose();
        _serverHandshakes.Dispose();
    }

    [Benchmark(Baseline = true)]
    public async Task RawSslStream()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(_rawListener.LocalEndPoint!);
        await using var ssl = new SslStream(new NetworkStream(socket, ownsSocket: false));
        await ssl.AuthenticateAsClientAsync(BenchmarkTls.ClientOptions());
        await _serverHandshakes.WaitAsync();
    }

    [Benchmark]
    public async Task StreamcapsTls()
    {
        await using var connection = await Streamcaps.Net.Tls.ConnectAsync("127.0.0.1", _streamcapsPort, BenchmarkTls.ClientOptions());
        await _serverHandshakes.WaitAsync();
    }

    private async Task RawAcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket accepted;
            try
            {
                accepted = await _rawListener.AcceptAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }

            _ = ServeRawAsync(accepted);
        }
    }

    private async Task ServeRawAsync(Socket socket)
    {
        using var _ = socket;
        await using var ssl = new SslStream(new NetworkStream(socket, ownsSocket: false));
        await ssl.AuthenticateAsServerAsync(BenchmarkTls.ServerOptions());
        _serverHandshakes.Release();
    }
}
