using Streamcaps.Tests.Conformance;
using System.Net;
using System.Net.Sockets;
using Streamcaps.Net;
using Streamcaps.Tests.Support;
using static Streamcaps.Tests.Net.TcpLoopback;

namespace Streamcaps.Tests.Net;

public class TcpConnectTests
{
    [Theory]
    [MemberData(nameof(TcpLoopback.Addresses), MemberType = typeof(TcpLoopback))]
    public async Task Connect_by_address_reaches_the_server_and_reports_both_end_points(string address)
    {
        await using var server = await StartEchoServerAsync(IPAddress.Parse(address));
        var port = ((IPEndPoint)server.LocalEndPoint).Port;

        await using var connection = await Tcp.ConnectAsync(address, port).WaitAsync(Patience);

        Assert.Equal(server.LocalEndPoint, connection.RemoteEndPoint);
        Assert.Equal(IPAddress.Parse(address), ((IPEndPoint)connection.LocalEndPoint).Address);
    }

    [Fact]
    public async Task Connect_by_name_resolves_it_and_tries_each_address_until_one_accepts()
    {
        // "localhost" resolves to ::1 and 127.0.0.1; only the IPv4 one listens, so a refused ::1 must not end the attempt.
        await using var server = await StartEchoServerAsync(IPAddress.Loopback);
        var port = ((IPEndPoint)server.LocalEndPoint).Port;

        await using var connection = await Tcp.ConnectAsync("localhost", port).WaitAsync(Patience);
        await connection.Sink.RunAsync("ping"u8.ToArray());
        await connection.Sink.CompleteAsync();

        Assert.Equal("ping"u8.ToArray(), await ByteStreams.ReadToEndAsync(connection.Source).WaitAsync(Patience));
    }

    [Fact]
    public async Task Connect_to_a_port_nobody_listens_on_fails_with_connection_refused()
    {
        // Bound but not listening: the port stays ours, so no other test can start listening on it meanwhile.
        using var bound = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        bound.Bind(new IPEndPoint(IPAddress.Loopback, 0));

        var failure = await Assert.ThrowsAsync<SocketException>(() => Tcp.ConnectAsync(bound.LocalEndPoint!).WaitAsync(Patience));

        Assert.Equal(SocketError.ConnectionRefused, failure.SocketErrorCode);
    }

    [Fact]
    public async Task Connect_to_an_IPv4_mapped_IPv6_address_reaches_the_IPv4_server()
    {
        await using var server = await StartEchoServerAsync(IPAddress.Loopback);
        var port = ((IPEndPoint)server.LocalEndPoint).Port;

        await using var connection = await Tcp.ConnectAsync("::ffff:127.0.0.1", port).WaitAsync(Patience);

        Assert.Equal(port, ((IPEndPoint)connection.RemoteEndPoint).Port);
    }

    [Fact]
    public async Task Connect_to_an_unknown_host_fails_with_host_not_found()
    {
        var failure = await Assert.ThrowsAsync<SocketException>(() => Tcp.ConnectAsync("no-such-host.invalid", 80).WaitAsync(Patience));

        Assert.Equal(SocketError.HostNotFound, failure.SocketErrorCode);
    }

    [EmptyNetworkFact]
    public async Task Connect_with_no_route_to_the_address_fails_with_network_unreachable()
    {
        // In a network namespace of its own, where even loopback is down, the kernel finds no route at once. (IPv6
        // has no address at all there, so ::1 fails as "address not available" instead: not this case.)
        var connecting = EmptyNetwork.StartAsync(() => Tcp.ConnectAsync("127.0.0.1", 9));

        var failure = await Assert.ThrowsAsync<SocketException>(() => connecting.WaitAsync(Patience));

        Assert.Equal(SocketError.NetworkUnreachable, failure.SocketErrorCode);
    }

    [Fact]
    public async Task Connect_that_gets_no_answer_within_the_connect_timeout_fails_with_TimeoutException()
    {
        using var full = new FullListener();
        var options = new TcpConnectionOptions { ConnectTimeout = TimeSpan.FromMilliseconds(300) };

        await Assert.ThrowsAsync<TimeoutException>(() => Tcp.ConnectAsync(full.LocalEndPoint, options).WaitAsync(Patience));
    }

    [Fact]
    public async Task Cancelled_connect_faults_with_OperationCanceledException_not_a_timeout()
    {
        using var full = new FullListener();
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Tcp.ConnectAsync(full.LocalEndPoint, null, cancellation.Token).WaitAsync(Patience));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(65536)]
    public async Task Connect_rejects_a_port_out_of_range(int port)
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Tcp.ConnectAsync("127.0.0.1", port));
    }

    [Fact]
    public async Task Connect_rejects_an_empty_host()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Tcp.ConnectAsync(" ", 80));
    }

    [Fact]
    public void Options_reject_values_that_make_no_sense_where_they_are_set()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TcpConnectionOptions { ReceiveBufferSize = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new TcpConnectionOptions { MaxReceiveBufferSize = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new TcpConnectionOptions { IdleReadTimeout = TimeSpan.Zero });
        Assert.Throws<ArgumentOutOfRangeException>(() => new TcpConnectionOptions { ConnectTimeout = TimeSpan.FromSeconds(-2) });
        Assert.Throws<ArgumentOutOfRangeException>(() => new TcpKeepAliveOptions { Interval = TimeSpan.FromMilliseconds(10) });
        Assert.Throws<ArgumentOutOfRangeException>(() => new TcpServerOptions { MaxConnections = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new TcpServerOptions { Backlog = 0 });
    }

    [Fact]
    public async Task Keep_alive_and_no_delay_options_are_applied_to_the_socket()
    {
        var keepAlive = new TcpKeepAliveOptions { Time = TimeSpan.FromSeconds(7), Interval = TimeSpan.FromSeconds(3), RetryCount = 2 };
        var options = new TcpConnectionOptions { KeepAlive = keepAlive, NoDelay = false };
        var (connection, peer) = await ConnectToRawPeerAsync(options: options);
        await using var _ = connection;
        using var __ = peer;

        var socket = ((TcpConnection)connection).Socket;
        Assert.Equal(1, (int)socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive)!);
        Assert.Equal(7, (int)socket.GetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime)!);
        Assert.Equal(3, (int)socket.GetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval)!);
        Assert.Equal(2, (int)socket.GetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveRetryCount)!);
        Assert.False(socket.NoDelay);
    }

    [Fact]
    public async Task No_delay_is_on_by_default()
    {
        var (connection, peer) = await ConnectToRawPeerAsync();
        await using var _ = connection;
        using var __ = peer;

        Assert.True(((TcpConnection)connection).Socket.NoDelay);
    }

    /// <summary>A listener that never accepts and whose accept queue is full, so a further SYN gets no answer.</summary>
    private sealed class FullListener : IDisposable
    {
        private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        private readonly List<Socket> _queued = [];

        public FullListener()
        {
            _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            _listener.Listen(0);
            for (var i = 0; i < 4; i++)
            {
                var filler = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { Blocking = false };
                _queued.Add(filler);
                try
                {
                    filler.Connect(_listener.LocalEndPoint!);
                }
                catch (SocketException e) when (e.SocketErrorCode == SocketError.WouldBlock)
                {
                    // The handshake goes on in the background; it completes only while the queue has room.
                }
            }
        }

        public EndPoint LocalEndPoint => _listener.LocalEndPoint!;

        public void Dispose()
        {
            _queued.ForEach(socket => socket.Dispose());
            _listener.Dispose();
        }
    }
}
