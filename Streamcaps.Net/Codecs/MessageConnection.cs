using System.Net;

namespace Streamcaps.Net.Codecs;

/// <summary>
/// A connection that speaks messages: its <see cref="Source"/> is the transport's source through a decoder
/// pump, its <see cref="Sink"/> an encoder pump into the transport's sink.
/// </summary>
/// <typeparam name="TIncoming">The messages received.</typeparam>
/// <typeparam name="TOutgoing">The messages sent.</typeparam>
/// <remarks>
/// The rules of <see cref="IConnection"/> carry over: completing <see cref="Sink"/> flushes the encoder and
/// half-closes the transport, aborting it resets; <see cref="Source"/> completes when the peer half-closes
/// (after the decoder delivered its leftovers) and fails with the decoder's error (a
/// <see cref="Framing.FramingException"/>) when the peer sent malformed bytes.
/// Disposing disposes the transport.
/// </remarks>
public sealed class MessageConnection<TIncoming, TOutgoing> : IAsyncDisposable
{
    internal MessageConnection(IConnection transport, IPump<ReadOnlyMemory<byte>, TIncoming> decoder, IPump<TOutgoing, ReadOnlyMemory<byte>> encoder)
    {
        Transport = transport;
        Source = transport.Source.Through(decoder);
        Sink = encoder.Into(transport.Sink);
    }

    /// <summary>The messages the peer sends, decoded.</summary>
    public ISource<TIncoming> Source { get; }

    /// <summary>The messages sent to the peer, encoded. Completing it half-closes; aborting it resets.</summary>
    public ISink<TOutgoing> Sink { get; }

    /// <summary>The byte connection underneath.</summary>
    public IConnection Transport { get; }

    /// <summary>This end's address.</summary>
    public EndPoint LocalEndPoint => Transport.LocalEndPoint;

    /// <summary>The peer's address.</summary>
    public EndPoint RemoteEndPoint => Transport.RemoteEndPoint;

    /// <summary>Disposes the transport (always safe, may be called more than once).</summary>
    public ValueTask DisposeAsync() => Transport.DisposeAsync();
}
