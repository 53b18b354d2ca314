using System.Net.Sockets;
using Streamcaps.Net;
using static Streamcaps.Tests.Net.TcpLoopback;

namespace Streamcaps.Tests.Net;

/// <summary>A peer that never reads must not pin a connection for ever: a delivery that makes no progress
/// within <see cref="TcpConnectionOptions.WriteTimeout"/> faults and the connection is reset.</summary>
public class TcpWriteTimeoutTests
{
    [Fact]
    public async Task Delivery_to_a_peer_that_never_reads_faults_with_TimeoutException_and_resets()
    {
        var options = new TcpConnectionOptions { WriteTimeout = TimeSpan.FromMilliseconds(300) };
        var (connection, peer) = await ConnectToRawPeerAsync(options: options);
        await using var _ = connection;
        using var __ = peer;

        var writing = await Record.ExceptionAsync(() => ResetRaceTests.WriteUntilFailureAsync(connection.Sink, rethrow: true).WaitAsync(Patience));

        var timeout = Assert.IsType<TimeoutException>(writing);
        Assert.Contains("write timeout", timeout.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<InvalidOperationException>(() => connection.Sink.RunAsync(new byte[1]).AsTask());
        var reset = await Assert.ThrowsAsync<SocketException>(() => ReceiveToEndAsync(peer));
        Assert.Equal(SocketError.ConnectionReset, reset.SocketErrorCode);
    }

    [Fact]
    public void Write_timeout_defaults_to_60_seconds_on_servers_and_none_on_clients()
    {
        Assert.Null(TcpConnectionOptions.Default.WriteTimeout);
        Assert.Equal(TimeSpan.FromSeconds(60), TcpConnectionOptions.DefaultServerWriteTimeout);
        Assert.Equal(TcpConnectionOptions.DefaultServerWriteTimeout, TcpConnectionOptions.Default.EffectiveWriteTimeout(opened: false));
        Assert.Equal(Timeout.InfiniteTimeSpan, TcpConnectionOptions.Default.EffectiveWriteTimeout(opened: true));
        var set = new TcpConnectionOptions { WriteTimeout = TimeSpan.FromSeconds(2) };
        Assert.Equal(TimeSpan.FromSeconds(2), set.EffectiveWriteTimeout(opened: true));
        Assert.Equal(TimeSpan.FromSeconds(2), set.EffectiveWriteTimeout(opened: false));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TcpConnectionOptions { WriteTimeout = TimeSpan.Zero });
    }
}
