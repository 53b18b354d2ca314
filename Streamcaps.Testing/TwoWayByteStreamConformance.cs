using Streamcaps.Net;

namespace Streamcaps.Testing;

/// <summary>
/// Checks for a two-way byte transport, after Trio's <c>check_two_way_stream</c> and
/// <c>check_half_closeable_stream</c>: both directions carry 1 MiB at once, completing one side's sink
/// completes the other side's source while the other direction goes on (half-close), and disposing a side
/// ends the peer's source instead of leaving it hanging.
/// </summary>
/// <remarks>
/// Usage: subclass it and override <see cref="CreatePairAsync"/> to return two fresh connections joined to
/// each other (for TCP: a client and the connection the server accepted; for TLS: both ends of a handshake,
/// possibly over an in-memory pair). The check disposes both. A transport that cannot half-close overrides
/// <see cref="SupportsHalfClose"/>; the half-close check then only requires that nothing hangs.
/// Each direction should also pass <see cref="OneWayByteStreamConformance"/>.
/// </remarks>
public abstract class TwoWayByteStreamConformance
{
    private const int OneMiB = 1024 * 1024;

    /// <summary>Two new connections, each the other's peer.</summary>
    protected abstract Task<(IConnection A, IConnection B)> CreatePairAsync();

    /// <summary>Whether completing a sink leaves the other direction open (TCP FIN, TLS close_notify).</summary>
    protected virtual bool SupportsHalfClose => true;

    /// <summary>Whether each side's local end point is the other's remote one; not so through a relay.</summary>
    protected virtual bool EndpointsArePeers => true;

    /// <summary>The bound on every wait; a check that exceeds it fails instead of hanging.</summary>
    protected virtual TimeSpan Timeout => TimeSpan.FromSeconds(30);

    /// <summary>Checks: Both directions carry one MiB at once.</summary>
    [Fact]
    public async Task Both_directions_carry_one_MiB_at_once()
    {
        var (a, b) = await CreatePairAsync().WaitAsync(Timeout);
        await using var _ = a;
        await using var __ = b;
        var toB = ByteStreams.RandomBytes(OneMiB, seed: 3);
        var toA = ByteStreams.RandomBytes(OneMiB, seed: 4);

        var bReads = ByteStreams.ReadExactlyAsync(b.Source, OneMiB);
        var aReads = ByteStreams.ReadExactlyAsync(a.Source, OneMiB);
        var aWrites = ByteStreams.WriteInRandomChunksAsync(a.Sink, toB, seed: 5);
        var bWrites = ByteStreams.WriteInRandomChunksAsync(b.Sink, toA, seed: 6);
        await Task.WhenAll(aWrites, bWrites, aReads, bReads).WaitAsync(Timeout);

        Assert.Equal(toB, await bReads);
        Assert.Equal(toA, await aReads);
    }

    /// <summary>Checks: Half close completes the peer source and the peer can still send.</summary>
    [Fact]
    public async Task Half_close_completes_the_peer_source_and_the_peer_can_still_send()
    {
        var (a, b) = await CreatePairAsync().WaitAsync(Timeout);
        await using var _ = a;
        await using var __ = b;

        await a.Sink.RunAsync("from a"u8.ToArray()).AsTask().WaitAsync(Timeout);
        await a.Sink.CompleteAsync().AsTask().WaitAsync(Timeout);
        var bReceived = ByteStreams.ReadToEndAsync(b.Source);
        if (!SupportsHalfClose)
        {
            // Without half-close the peer's source may end either way; it must not hang.
            await Record.ExceptionAsync(() => bReceived.WaitAsync(Timeout));
            return;
        }

        Assert.Equal("from a"u8.ToArray(), await bReceived.WaitAsync(Timeout));
        var aReceived = ByteStreams.ReadToEndAsync(a.Source);
        await b.Sink.RunAsync("from b"u8.ToArray()).AsTask().WaitAsync(Timeout);
        await b.Sink.CompleteAsync().AsTask().WaitAsync(Timeout);
        Assert.Equal("from b"u8.ToArray(), await aReceived.WaitAsync(Timeout));
    }

    /// <summary>Checks: Disposing one side ends the peer source.</summary>
    [Fact]
    public async Task Disposing_one_side_ends_the_peer_source()
    {
        var (a, b) = await CreatePairAsync().WaitAsync(Timeout);
        await using var __ = b;

        var bReceived = ByteStreams.ReadToEndAsync(b.Source);
        await a.DisposeAsync().AsTask().WaitAsync(Timeout);

        // A clean end or a failure are both honest; hanging is not.
        await Record.ExceptionAsync(() => bReceived.WaitAsync(Timeout));
        Assert.True(bReceived.IsCompleted);
    }

    /// <summary>Checks: Endpoints are each others peers.</summary>
    [Fact]
    public async Task Endpoints_are_each_others_peers()
    {
        var (a, b) = await CreatePairAsync().WaitAsync(Timeout);
        await using var _ = a;
        await using var __ = b;
        if (!EndpointsArePeers)
        {
            return;
        }

        Assert.Equal(a.LocalEndPoint, b.RemoteEndPoint);
        Assert.Equal(b.LocalEndPoint, a.RemoteEndPoint);
    }
}
