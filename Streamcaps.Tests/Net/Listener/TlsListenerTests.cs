using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using Streamcaps.Net;
using Streamcaps.Tests.Conformance;
using Streamcaps.Tests.Support;

namespace Streamcaps.Tests.Net.Listener;

/// <summary><see cref="Streamcaps.Net.Tls.BindAsync(IPEndPoint, SslServerAuthenticationOptions, CancellationToken)"/>:
/// pull-style accept of TLS connections whose handshake is done, on loopback TCP with generated certificates.</summary>
public class TlsListenerTests
{
    private static readonly TimeSpan Patience = TcpLoopback.Patience;

    [Theory]
    [MemberData(nameof(TcpLoopback.Addresses), MemberType = typeof(TcpLoopback))]
    public async Task Accepted_connection_has_finished_its_handshake_and_carries_bytes(string address)
    {
        await using var listener = await Streamcaps.Net.Tls.BindAsync(new IPEndPoint(IPAddress.Parse(address), 0), TestCertificates.ServerOptions());
        var port = ((IPEndPoint)listener.LocalEndPoint).Port;
        var connecting = Streamcaps.Net.Tls.ConnectAsync(address, port, TestCertificates.ClientOptions());

        await using var accepted = await listener.AcceptAsync().AsTask().WaitAsync(Patience);
        await using var client = await connecting.WaitAsync(Patience);
        var tls = Assert.IsType<TlsConnection>(accepted);
        Assert.True(tls.Protocol is SslProtocols.Tls12 or SslProtocols.Tls13);

        await client.Sink.RunAsync("over tls"u8.ToArray());
        await client.Sink.CompleteAsync();
        Assert.Equal("over tls"u8.ToArray(), await ByteStreams.ReadToEndAsync(accepted.Source).WaitAsync(Patience));
    }

    [Fact]
    public async Task Failed_handshake_costs_that_connection_only_and_never_surfaces_from_accept()
    {
        var failures = new ConcurrentQueue<ServerFailure>();
        var options = new TcpServerOptions { OnFailure = failures.Enqueue };
        await using var listener = await Streamcaps.Net.Tls.BindAsync(new IPEndPoint(IPAddress.Loopback, 0),
            TestCertificates.ServerOptions(), TlsConnectionOptions.Default, options);
        var accepting = listener.AcceptAsync().AsTask();

        // A client that speaks plain HTTP to the TLS port.
        using var garbage = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await garbage.ConnectAsync(listener.LocalEndPoint).WaitAsync(Patience);
        await garbage.SendAsync("GET / HTTP/1.1\r\nHost: x\r\n\r\n"u8.ToArray());
        var reset = await Assert.ThrowsAsync<SocketException>(() => TcpLoopback.ReceiveToEndAsync(garbage));
        Assert.Equal(SocketError.ConnectionReset, reset.SocketErrorCode);
        Assert.False(accepting.IsCompleted);

        await using var client = await Streamcaps.Net.Tls.ConnectAsync("localhost", ((IPEndPoint)listener.LocalEndPoint).Port,
            TestCertificates.ClientOptions()).WaitAsync(Patience);
        await using var accepted = await accepting.WaitAsync(Patience);
        Assert.Equal(client.LocalEndPoint, accepted.RemoteEndPoint);

        var failure = Assert.Single(failures);
        Assert.Equal(ServerFailureKind.Setup, failure.Kind);
        Assert.IsType<AuthenticationException>(failure.Exception);
        Assert.Equal(1, listener.FailedConnections);
        Assert.Equal(1, listener.AcceptedConnections);
    }

    [Fact]
    public async Task A_client_that_stalls_its_handshake_does_not_hold_up_the_next_accept()
    {
        // A handshake timeout far beyond the test's patience: only concurrent handshakes can pass.
        var tls = new TlsConnectionOptions { HandshakeTimeout = TimeSpan.FromMinutes(5) };
        var listener = await Streamcaps.Net.Tls.BindAsync(new IPEndPoint(IPAddress.Loopback, 0),
            TestCertificates.ServerOptions(), tls, TcpServerOptions.Default);
        using var stalled = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await stalled.ConnectAsync(listener.LocalEndPoint).WaitAsync(Patience);

        await using (var client = await Streamcaps.Net.Tls.ConnectAsync("localhost", ((IPEndPoint)listener.LocalEndPoint).Port,
            TestCertificates.ClientOptions()).WaitAsync(Patience))
        await using (var accepted = await listener.AcceptAsync().AsTask().WaitAsync(Patience))
        {
            Assert.Equal(client.LocalEndPoint, accepted.RemoteEndPoint);
        }

        // Disposing cancels the stalled handshake instead of waiting minutes for it.
        await listener.DisposeAsync().AsTask().WaitAsync(Patience);
        var reset = await Assert.ThrowsAsync<SocketException>(() => stalled.ReceiveAsync(new byte[16]).WaitAsync(Patience));
        Assert.Equal(SocketError.ConnectionReset, reset.SocketErrorCode);
    }

    [Fact]
    public async Task A_handshake_that_outlasts_the_handshake_timeout_is_reset_and_reported()
    {
        var reported = new TaskCompletionSource<ServerFailure>(TaskCreationOptions.RunContinuationsAsynchronously);
        var tls = new TlsConnectionOptions { HandshakeTimeout = TimeSpan.FromMilliseconds(300) };
        var tcp = new TcpServerOptions { OnFailure = failure => reported.TrySetResult(failure) };
        await using var listener = await Streamcaps.Net.Tls.BindAsync(new IPEndPoint(IPAddress.Loopback, 0), TestCertificates.ServerOptions(), tls, tcp);
        using var stalled = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await stalled.ConnectAsync(listener.LocalEndPoint).WaitAsync(Patience);

        var failure = await reported.Task.WaitAsync(Patience);

        Assert.Equal(ServerFailureKind.Setup, failure.Kind);
        Assert.IsType<TimeoutException>(failure.Exception);
        var reset = await Assert.ThrowsAsync<SocketException>(() => stalled.ReceiveAsync(new byte[16]).WaitAsync(Patience));
        Assert.Equal(SocketError.ConnectionReset, reset.SocketErrorCode);
        Assert.Equal(0, listener.AcceptedConnections);
    }

    [Fact]
    public async Task Disposing_resets_a_connection_set_up_but_not_taken()
    {
        var listener = await Streamcaps.Net.Tls.BindAsync(new IPEndPoint(IPAddress.Loopback, 0), TestCertificates.ServerOptions());
        await using var client = await Streamcaps.Net.Tls.ConnectAsync("localhost", ((IPEndPoint)listener.LocalEndPoint).Port,
            TestCertificates.ClientOptions()).WaitAsync(Patience);

        await listener.DisposeAsync().AsTask().WaitAsync(Patience);

        // Never a clean end: the client's read fails.
        await Assert.ThrowsAnyAsync<Exception>(() => ByteStreams.ReadToEndAsync(client.Source).WaitAsync(Patience));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => listener.AcceptAsync().AsTask());
    }

    [Fact]
    public async Task Pending_accept_of_a_tls_listener_completes_with_ObjectDisposedException_on_dispose()
    {
        var listener = await Streamcaps.Net.Tls.BindAsync(new IPEndPoint(IPAddress.Loopback, 0), TestCertificates.ServerOptions());
        var pending = listener.AcceptAsync().AsTask();
        var enumerated = Task.Run(async () =>
        {
            var count = 0;
            await foreach (var connection in listener)
            {
                count++;
                await connection.DisposeAsync();
            }

            return count;
        });

        await listener.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => pending.WaitAsync(Patience));
        Assert.Equal(0, await enumerated.WaitAsync(Patience));
    }

    [Fact]
    public async Task Cancelling_an_accept_of_a_tls_listener_loses_no_connection()
    {
        await using var listener = await Streamcaps.Net.Tls.BindAsync(new IPEndPoint(IPAddress.Loopback, 0), TestCertificates.ServerOptions());
        using var cancel = new CancellationTokenSource();
        var cancelled = listener.AcceptAsync(cancel.Token).AsTask();
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.WaitAsync(Patience));

        await using var client = await Streamcaps.Net.Tls.ConnectAsync("localhost", ((IPEndPoint)listener.LocalEndPoint).Port,
            TestCertificates.ClientOptions()).WaitAsync(Patience);
        await using var accepted = await listener.AcceptAsync().AsTask().WaitAsync(Patience);
        Assert.Equal(client.LocalEndPoint, accepted.RemoteEndPoint);
    }

    [Fact]
    public async Task Tls_BindAsync_rejects_options_without_a_certificate()
    {
        var failure = await Assert.ThrowsAsync<ArgumentException>(() =>
            Streamcaps.Net.Tls.BindAsync(new IPEndPoint(IPAddress.Loopback, 0), new SslServerAuthenticationOptions()));
        Assert.Equal("options", failure.ParamName);
    }
}
