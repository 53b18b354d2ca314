using Streamcaps.Net.Memory;
using Streamcaps.Tests.Conformance;
using Streamcaps.Tests.Support;
using MemoryConnection = Streamcaps.Net.Memory.MemoryConnection;

namespace Streamcaps.Tests.Net.Tls;

/// <summary>How a TLS connection ends: close_notify, half-close, truncation, reset.</summary>
public class TlsCloseTests
{
    private static readonly TimeSpan Bound = TlsPair.Bound;

    [Fact]
    public async Task Data_sent_just_before_close_notify_is_delivered_and_then_the_source_completes()
    {
        var (client, server, _) = await TlsPair.ConnectAsync();
        await using var _c = client;
        await using var _s = server;

        await client.Sink.RunAsync("last words"u8.ToArray());
        await client.Sink.CompleteAsync();

        Assert.Equal("last words"u8.ToArray(), await ByteStreams.ReadToEndAsync(server.Source).WaitAsync(Bound));
    }

    [Fact]
    public async Task Source_completes_on_every_call_after_close_notify()
    {
        var (client, server, _) = await TlsPair.ConnectAsync();
        await using var _c = client;
        await using var _s = server;
        await client.Sink.CompleteAsync();
        var probe = new ProbeSink<ReadOnlyMemory<byte>>();

        await server.Source.RunAsync(probe).AsTask().WaitAsync(Bound);
        await server.Source.RunAsync(probe).AsTask().WaitAsync(Bound);

        Assert.Equal(2, probe.Completions);
        Assert.Empty(probe.Items);
    }

    [Fact]
    public async Task After_close_notify_the_other_direction_goes_on()
    {
        var (client, server, _) = await TlsPair.ConnectAsync();
        await using var _c = client;
        await using var _s = server;

        await client.Sink.CompleteAsync();
        Assert.Empty(await ByteStreams.ReadToEndAsync(server.Source).WaitAsync(Bound));
        await server.Sink.RunAsync("reply after the half-close"u8.ToArray());
        await server.Sink.CompleteAsync();

        Assert.Equal("reply after the half-close"u8.ToArray(), await ByteStreams.ReadToEndAsync(client.Source).WaitAsync(Bound));
    }

    [Fact]
    public async Task Transport_cut_without_close_notify_fails_the_source_with_IOException_after_the_data()
    {
        var (client, server, clientTransport) = await TlsPair.ConnectAsync();
        await using var _c = client;
        await using var _s = server;
        var received = new ProbeSink<ReadOnlyMemory<byte>>();

        await client.Sink.RunAsync("partial"u8.ToArray());
        // Going around TLS: a FIN with no close_notify before it, as an attacker or a crashed peer would.
        await clientTransport.Sink.CompleteAsync();

        var problem = await Record.ExceptionAsync(() => Flow.RunAsync(server.Source, received).WaitAsync(Bound));

        Assert.Equal("partial"u8.ToArray(), received.Items.SelectMany(chunk => chunk.ToArray()));
        var truncated = Assert.IsType<IOException>(problem);
        Assert.Contains("without close_notify", truncated.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Abort_resets_the_transport_and_the_peer_source_fails()
    {
        var (client, server, _) = await TlsPair.ConnectAsync();
        await using var _c = client;
        await using var _s = server;

        await client.Sink.AbortAsync(new InvalidDataException("giving up"));

        await Assert.ThrowsAsync<IOException>(() => ByteStreams.ReadToEndAsync(server.Source).WaitAsync(Bound));
    }

    [Fact]
    public async Task Delivery_after_complete_faults_with_InvalidOperationException()
    {
        var (client, server, _) = await TlsPair.ConnectAsync();
        await using var _c = client;
        await using var _s = server;
        await client.Sink.CompleteAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(() => client.Sink.RunAsync(new byte[1]).AsTask());
        await client.Sink.CompleteAsync();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(MemoryConnectionOptions.DefaultBufferSize)]
    public async Task One_MiB_crosses_each_way_over_any_transport_buffering(int bufferSize)
    {
        var (clientTransport, serverTransport) = MemoryConnection.CreatePair(new MemoryConnectionOptions { BufferSize = bufferSize });
        var serverSide = Streamcaps.Net.Tls.AuthenticateAsServerAsync(serverTransport, TestCertificates.ServerOptions());
        await using var client = await Streamcaps.Net.Tls.AuthenticateAsClientAsync(clientTransport, TestCertificates.ClientOptions()).WaitAsync(Bound);
        var up = ByteStreams.RandomBytes(1 << 20, seed: 1);
        var down = ByteStreams.RandomBytes(1 << 20, seed: 2);
        // Reading before the server's handshake returns: over a lockstep transport a TLS 1.3 server's
        // handshake ends by sending session tickets, which wait until the client takes them.
        var clientReads = ByteStreams.ReadExactlyAsync(client.Source, down.Length);
        await using var server = await serverSide.WaitAsync(Bound);
        var serverReads = ByteStreams.ReadExactlyAsync(server.Source, up.Length);
        await Task.WhenAll(
            ByteStreams.WriteInRandomChunksAsync(client.Sink, up, seed: 3),
            ByteStreams.WriteInRandomChunksAsync(server.Sink, down, seed: 4),
            serverReads, clientReads).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(up, await serverReads);
        Assert.Equal(down, await clientReads);
    }
}
