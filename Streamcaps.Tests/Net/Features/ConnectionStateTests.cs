using System.Net;
using System.Net.Sockets;
using Streamcaps.Net;
using Streamcaps.Tests.Conformance;

namespace Streamcaps.Tests.Net.Features;

/// <summary>m2stream's connection state: open, one side shut, closed, or failed with its error.</summary>
public class ConnectionStateTests
{
    private static readonly TimeSpan Patience = ConnectionPairs.Patience;

    [Theory]
    [MemberData(nameof(ConnectionPairs.Kinds), MemberType = typeof(ConnectionPairs))]
    public async Task State_follows_each_half_close_to_closed(string kind)
    {
        var (client, server) = await ConnectionPairs.CreateAsync(kind);
        await using (client)
        await using (server)
        {
            Assert.Equal(ConnectionState.Open, client.State);
            Assert.Equal(ConnectionState.Open, server.State);

            await client.Sink.CompleteAsync().AsTask().WaitAsync(Patience);
            Assert.Equal(ConnectionState.SendClosed, client.State);
            await ByteStreams.ReadToEndAsync(server.Source).WaitAsync(Patience);
            Assert.Equal(ConnectionState.ReceiveClosed, server.State);

            await server.Sink.CompleteAsync().AsTask().WaitAsync(Patience);
            Assert.Equal(ConnectionState.Closed, server.State);
            await ByteStreams.ReadToEndAsync(client.Source).WaitAsync(Patience);
            Assert.Equal(ConnectionState.Closed, client.State);
            Assert.Null(client.Failure);
            Assert.Null(server.Failure);
        }
    }

    [Theory]
    [MemberData(nameof(ConnectionPairs.Kinds), MemberType = typeof(ConnectionPairs))]
    public async Task An_abort_fails_this_side_with_its_problem_and_the_peer_with_the_reset(string kind)
    {
        var (client, server) = await ConnectionPairs.CreateAsync(kind);
        await using (client)
        await using (server)
        {
            var problem = new InvalidOperationException("gave up");
            await client.Sink.AbortAsync(problem);
            Assert.Equal(ConnectionState.Failed, client.State);
            Assert.Same(problem, client.Failure);

            await Assert.ThrowsAnyAsync<Exception>(() => ByteStreams.ReadToEndAsync(server.Source).WaitAsync(Patience));
            Assert.Equal(ConnectionState.Failed, server.State);
            Assert.NotNull(server.Failure);
            if (kind == "tcp")
            {
                Assert.Equal(SocketError.ConnectionReset, Assert.IsType<SocketException>(server.Failure).SocketErrorCode);
            }
        }
    }

    [Theory]
    [MemberData(nameof(ConnectionPairs.Kinds), MemberType = typeof(ConnectionPairs))]
    public async Task A_disposed_connection_is_closed(string kind)
    {
        var (client, server) = await ConnectionPairs.CreateAsync(kind);
        await using (server)
        {
            await client.DisposeAsync();
            Assert.Equal(ConnectionState.Closed, client.State);
            Assert.Null(client.Failure);
        }
    }

    [Fact]
    public void A_connection_of_another_library_says_it_does_not_report_its_state()
    {
        var foreign = new ForeignConnection();

        var thrown = Assert.Throws<NotSupportedException>(() => foreign.State);
        Assert.Contains(nameof(ForeignConnection), thrown.Message, StringComparison.Ordinal);
        Assert.Throws<NotSupportedException>(() => foreign.Failure);
        foreign.Items["still"] = "works";
        Assert.Equal("works", foreign.Items["still"]);
    }

    private sealed class ForeignConnection : IConnection
    {
        public ISource<ReadOnlyMemory<byte>> Source => Streamcaps.Source.Empty<ReadOnlyMemory<byte>>();

        public ISink<ReadOnlyMemory<byte>> Sink => Streamcaps.Sink.Null<ReadOnlyMemory<byte>>();

        public EndPoint LocalEndPoint => new IPEndPoint(IPAddress.Loopback, 1);

        public EndPoint RemoteEndPoint => new IPEndPoint(IPAddress.Loopback, 2);

        public ValueTask DisposeAsync() => default;
    }
}
