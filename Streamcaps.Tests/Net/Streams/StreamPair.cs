namespace Streamcaps.Tests.Net.Streams;

/// <summary>Two connected streams, <see cref="Tested"/> and its <see cref="Peer"/>, and what the peer's
/// side of the transport can do to the connection from outside the stream.</summary>
public sealed class StreamPair : IAsyncDisposable
{
    public required Stream Tested { get; init; }

    public required Stream Peer { get; init; }

    /// <summary>The tested stream ends its writing cleanly: FIN (TLS: close_notify, then FIN).</summary>
    public required Func<Task> EndTestedWritesAsync { get; init; }

    /// <summary>The peer ends its writing cleanly: FIN (TLS: close_notify, then FIN).</summary>
    public required Func<Task> EndPeerWritesAsync { get; init; }

    /// <summary>The peer goes away abruptly: a reset.</summary>
    public required Func<Task> ResetPeerAsync { get; init; }

    /// <summary>Releases what the streams do not own (a listener).</summary>
    public Func<ValueTask>? Cleanup { get; init; }

    public async ValueTask DisposeAsync()
    {
        // Disposal is checked by the tests themselves; here it must only release, whatever state the test left.
        await Record.ExceptionAsync(() => Tested.DisposeAsync().AsTask().WaitAsync(StreamConformance.Bound));
        await Record.ExceptionAsync(() => Peer.DisposeAsync().AsTask().WaitAsync(StreamConformance.Bound));
        if (Cleanup is not null)
        {
            await Cleanup();
        }
    }
}
