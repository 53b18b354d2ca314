using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using Streamcaps.Net;
using Streamcaps.Tests.Support;
using Xunit.Abstractions;

namespace Streamcaps.Tests.Net.Tls;

/// <summary>Measures the whole process's heap, so it runs alone, not beside tests that allocate.</summary>
[CollectionDefinition(nameof(TlsIdleMemoryTests), DisableParallelization = true)]
public sealed class TlsIdleMemoryRunsAlone;

/// <summary>
/// Memory held by idle TLS connections (a read in flight on both ends, nothing arriving), both ends in this
/// process, against bare <see cref="SslStream"/>s over <see cref="NetworkStream"/>s with a read in flight:
/// what Streamcaps adds must stay small, with no receive buffer held while idle.
/// </summary>
[Collection(nameof(TlsIdleMemoryTests))]
public class TlsIdleMemoryTests(ITestOutputHelper output)
{
    private const int Connections = 200;

    /// <summary>Less than the 16 KiB receive buffer an idle connection would otherwise hold.</summary>
    private const long MaxExtraBytesPerEnd = 8 * 1024;

    [Fact]
    public async Task Idle_tls_connection_costs_little_more_than_a_bare_SslStream_and_holds_no_receive_buffer()
    {
        var bare = await MeasurePerEndAsync(BareSslStreamsAsync);
        var streamcaps = await MeasurePerEndAsync(StreamcapsConnectionsAsync);

        output.WriteLine($"managed bytes per idle connection end: Streamcaps TLS {streamcaps}, bare SslStream {bare}");
        Assert.True(streamcaps - bare < MaxExtraBytesPerEnd,
            $"an idle Streamcaps TLS connection end holds {streamcaps} managed bytes, {streamcaps - bare} more than a bare SslStream ({bare})");
    }

    /// <summary>Opens <see cref="Connections"/> idle connections after one warm-up and returns the managed
    /// heap growth per connection end; disposes everything afterwards.</summary>
    private static async Task<long> MeasurePerEndAsync(Func<int, Task<IAsyncDisposable>> open)
    {
        await (await open(1)).DisposeAsync();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var idle = await open(Connections);
        var perEnd = (GC.GetTotalMemory(forceFullCollection: true) - before) / (2 * Connections);
        await idle.DisposeAsync();
        return perEnd;
    }

    private static async Task<IAsyncDisposable> StreamcapsConnectionsAsync(int count)
    {
        var server = await Streamcaps.Net.Tls.ListenAsync(new IPEndPoint(IPAddress.Loopback, 0),
            TestCertificates.ServerOptions(), c => Flow.RunAsync(c.Source, c.Sink));
        var port = ((IPEndPoint)server.LocalEndPoint).Port;
        var clients = await Task.WhenAll(Enumerable.Range(0, count).Select(_ =>
            Streamcaps.Net.Tls.ConnectAsync("127.0.0.1", port, TestCertificates.ClientOptions())));
        var reads = clients.Select(c => Flow.RunAsync(c.Source, Sink.Null<ReadOnlyMemory<byte>>())).ToArray();
        while (server.ActiveConnections < count)
        {
            await Task.Yield();
        }

        return new Cleanup(async () =>
        {
            foreach (var client in clients)
            {
                await client.Sink.CompleteAsync();
            }

            await Task.WhenAll(reads).WaitAsync(TlsPair.Bound);
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }

            await server.DisposeAsync();
        });
    }

    private static async Task<IAsyncDisposable> BareSslStreamsAsync(int count)
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(count);
        var streams = new List<SslStream>();
        var reads = new List<Task<int>>();
        for (var i = 0; i < count; i++)
        {
            var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            var accepting = listener.AcceptAsync();
            await client.ConnectAsync(listener.LocalEndPoint!);
            var clientSide = new SslStream(new NetworkStream(client, ownsSocket: true));
            var serverSide = new SslStream(new NetworkStream(await accepting, ownsSocket: true));
            await Task.WhenAll(clientSide.AuthenticateAsClientAsync(TestCertificates.ClientOptions()),
                serverSide.AuthenticateAsServerAsync(TestCertificates.ServerOptions()));
            streams.Add(clientSide);
            streams.Add(serverSide);
            reads.Add(clientSide.ReadAsync(Memory<byte>.Empty).AsTask());
            reads.Add(serverSide.ReadAsync(Memory<byte>.Empty).AsTask());
        }

        return new Cleanup(async () =>
        {
            foreach (var stream in streams)
            {
                await stream.DisposeAsync();
            }

            await Task.WhenAll(reads.Select(r => r.ContinueWith(static _ => { }, TaskScheduler.Default)));
            listener.Dispose();
        });
    }

    private sealed class Cleanup(Func<Task> release) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await release();
    }
}
