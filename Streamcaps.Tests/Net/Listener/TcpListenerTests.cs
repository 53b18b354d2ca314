using System.Net;
using System.Net.Sockets;
using Streamcaps.Net;
using Streamcaps.Tests.Conformance;

namespace Streamcaps.Tests.Net.Listener;

/// <summary><see cref="Tcp.BindAsync(IPEndPoint, CancellationToken)"/>: pull-style accept on loopback TCP.</summary>
public class TcpListenerTests
{
    private static readonly TimeSpan Patience = TcpLoopback.Patience;

    [Theory]
    [MemberData(nameof(TcpLoopback.Addresses), MemberType = typeof(TcpLoopback))]
    public async Task Accepted_connection_carries_bytes_both_ways_and_names_both_ends(string address)
    {
        await using var listener = await Tcp.BindAsync(new IPEndPoint(IPAddress.Parse(address), 0));
        var port = ((IPEndPoint)listener.LocalEndPoint).Port;
        Assert.NotEqual(0, port);

        await using var client = await Tcp.ConnectAsync(address, port).WaitAsync(Patience);
        await using var accepted = await listener.AcceptAsync().AsTask().WaitAsync(Patience);
        Assert.Equal(client.LocalEndPoint, accepted.RemoteEndPoint);
        Assert.Equal(client.RemoteEndPoint, accepted.LocalEndPoint);

        await client.Sink.RunAsync("ping"u8.ToArray());
        await client.Sink.CompleteAsync();
        Assert.Equal("ping"u8.ToArray(), await ByteStreams.ReadToEndAsync(accepted.Source).WaitAsync(Patience));
        await accepted.Sink.RunAsync("pong"u8.ToArray());
        await accepted.Sink.CompleteAsync();
        Assert.Equal("pong"u8.ToArray(), await ByteStreams.ReadToEndAsync(client.Source).WaitAsync(Patience));
        Assert.Equal(1, listener.AcceptedConnections);
    }

    [Fact]
    public async Task Await_foreach_takes_every_connection_and_ends_when_the_listener_is_disposed()
    {
        var listener = await Tcp.BindAsync(new IPEndPoint(IPAddress.Loopback, 0));
        var accepted = new List<IConnection>();
        var enumeration = Task.Run(async () =>
        {
            await foreach (var connection in listener)
            {
                accepted.Add(connection);
                if (accepted.Count == 3)
                {
                    await listener.DisposeAsync();
                }
            }
        });

        var clients = new List<IConnection>();
        for (var i = 0; i < 3; i++)
        {
            clients.Add(await Tcp.ConnectAsync(listener.LocalEndPoint).WaitAsync(Patience));
        }

        await enumeration.WaitAsync(Patience);
        Assert.Equal(3, accepted.Count);
        Assert.Equal(clients.Select(c => c.LocalEndPoint).ToHashSet(), accepted.Select(c => c.RemoteEndPoint).ToHashSet());

        // Handed-out connections belong to the caller: the listener's end left them open.
        await accepted[0].Sink.RunAsync("still open"u8.ToArray());
        await accepted[0].Sink.CompleteAsync();
        var first = clients.Single(c => c.LocalEndPoint.Equals(accepted[0].RemoteEndPoint));
        Assert.Equal("still open"u8.ToArray(), await ByteStreams.ReadToEndAsync(first.Source).WaitAsync(Patience));
        foreach (var connection in accepted.Concat(clients))
        {
            await connection.DisposeAsync();
        }
    }

    [Fact]
    public async Task Accept_after_dispose_throws_ObjectDisposedException()
    {
        var listener = await Tcp.BindAsync(new IPEndPoint(IPAddress.Loopback, 0));
        await listener.DisposeAsync();
        await listener.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => listener.AcceptAsync().AsTask());
    }

    [Fact]
    public async Task Pending_accept_completes_with_ObjectDisposedException_when_the_listener_is_disposed()
    {
        var listener = await Tcp.BindAsync(new IPEndPoint(IPAddress.Loopback, 0));
        var pending = listener.AcceptAsync().AsTask();
        Assert.False(pending.IsCompleted);

        await listener.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => pending.WaitAsync(Patience));
    }

    [Fact]
    public async Task Disposed_listener_refuses_new_clients()
    {
        var listener = await Tcp.BindAsync(new IPEndPoint(IPAddress.Loopback, 0));
        var endPoint = listener.LocalEndPoint;
        await listener.DisposeAsync();

        var refused = await Assert.ThrowsAsync<SocketException>(() => Tcp.ConnectAsync(endPoint).WaitAsync(Patience));
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
    }

    [Fact]
    public async Task Cancelling_one_accept_cancels_that_call_only()
    {
        await using var listener = await Tcp.BindAsync(new IPEndPoint(IPAddress.Loopback, 0));
        using var cancel = new CancellationTokenSource();
        var cancelled = listener.AcceptAsync(cancel.Token).AsTask();
        var other = listener.AcceptAsync().AsTask();

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.WaitAsync(Patience));
        Assert.False(other.IsCompleted);

        await using var client = await Tcp.ConnectAsync(listener.LocalEndPoint).WaitAsync(Patience);
        await using var accepted = await other.WaitAsync(Patience);
        Assert.Equal(client.LocalEndPoint, accepted.RemoteEndPoint);

        await using var second = await Tcp.ConnectAsync(listener.LocalEndPoint).WaitAsync(Patience);
        await using var acceptedAgain = await listener.AcceptAsync().AsTask().WaitAsync(Patience);
        Assert.Equal(second.LocalEndPoint, acceptedAgain.RemoteEndPoint);
    }

    [Fact]
    public async Task Clients_can_connect_before_the_first_accept()
    {
        await using var listener = await Tcp.BindAsync(new IPEndPoint(IPAddress.Loopback, 0));
        await using var client = await Tcp.ConnectAsync(listener.LocalEndPoint).WaitAsync(Patience);
        await client.Sink.RunAsync("early"u8.ToArray());
        await client.Sink.CompleteAsync();

        await using var accepted = await listener.AcceptAsync().AsTask().WaitAsync(Patience);
        Assert.Equal("early"u8.ToArray(), await ByteStreams.ReadToEndAsync(accepted.Source).WaitAsync(Patience));
    }

    [Fact]
    public async Task Accepted_connections_get_the_connection_options()
    {
        var options = new TcpServerOptions { Connection = new TcpConnectionOptions { NoDelay = false } };
        await using var listener = await Tcp.BindAsync(new IPEndPoint(IPAddress.Loopback, 0), options);
        await using var client = await Tcp.ConnectAsync(listener.LocalEndPoint).WaitAsync(Patience);
        await using var accepted = await listener.AcceptAsync().AsTask().WaitAsync(Patience);

        Assert.False(((TcpConnection)accepted).Socket.NoDelay);
    }

    [Fact]
    public async Task Binding_an_address_in_use_fails_with_AddressAlreadyInUse()
    {
        await using var first = await Tcp.BindAsync(new IPEndPoint(IPAddress.Loopback, 0));

        var failure = await Assert.ThrowsAsync<SocketException>(() => Tcp.BindAsync((IPEndPoint)first.LocalEndPoint));
        Assert.Equal(SocketError.AddressAlreadyInUse, failure.SocketErrorCode);
    }
}
