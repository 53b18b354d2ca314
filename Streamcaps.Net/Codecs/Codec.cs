using Streamcaps.Framing;
using Streamcaps.Text;

namespace Streamcaps.Net.Codecs;

/// <summary>Applies codecs to connections, and makes the common ones.</summary>
public static class Codec
{
    /// <summary>Turns a byte connection into a message connection: received bytes go through
    /// <paramref name="decoder"/>, sent messages through <paramref name="encoder"/>.</summary>
    /// <param name="connection">The transport; the result owns it (disposing the result disposes it).</param>
    /// <param name="decoder">A fresh decoder pump for this connection.</param>
    /// <param name="encoder">A fresh encoder pump for this connection.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static MessageConnection<TIncoming, TOutgoing> WithCodec<TIncoming, TOutgoing>(
        this IConnection connection,
        IPump<ReadOnlyMemory<byte>, TIncoming> decoder,
        IPump<TOutgoing, ReadOnlyMemory<byte>> encoder)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(decoder);
        ArgumentNullException.ThrowIfNull(encoder);
        return new MessageConnection<TIncoming, TOutgoing>(connection, decoder, encoder);
    }

    /// <summary>Turns a byte connection into a message connection with a fresh pair of pumps from <paramref name="codec"/>.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static MessageConnection<TIncoming, TOutgoing> WithCodec<TIncoming, TOutgoing>(this IConnection connection, ICodec<TIncoming, TOutgoing> codec)
    {
        ArgumentNullException.ThrowIfNull(codec);
        return connection.WithCodec(codec.CreateDecoder(), codec.CreateEncoder());
    }

    /// <summary>A codec from two pump factories.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static ICodec<TIncoming, TOutgoing> Create<TIncoming, TOutgoing>(
        Func<IPump<ReadOnlyMemory<byte>, TIncoming>> createDecoder,
        Func<IPump<TOutgoing, ReadOnlyMemory<byte>>> createEncoder)
    {
        ArgumentNullException.ThrowIfNull(createDecoder);
        ArgumentNullException.ThrowIfNull(createEncoder);
        return new DelegateCodec<TIncoming, TOutgoing>(createDecoder, createEncoder);
    }

    /// <summary>UTF-8 text lines both ways (<see cref="Pump.Utf8Lines"/> and <see cref="Pump.Utf8LineWriter"/>):
    /// each received line, without its terminator, is a string; each string sent becomes a line.</summary>
    /// <param name="maxLineLength">The longest line accepted either way, in bytes: a longer line received faults
    /// the message source with <see cref="FrameTooLongException"/> (the peer's fault); a longer line sent faults
    /// that send with <see cref="OutgoingFrameTooLongException"/> (the application's bug).</param>
    /// <param name="terminator">What sent lines are ended with (both are accepted when receiving).</param>
    public static ICodec<string, string> Utf8Lines(int maxLineLength, LineTerminator terminator = LineTerminator.LineFeed) =>
        Utf8Lines(maxLineLength, maxLineLength, terminator);

    /// <summary>UTF-8 text lines both ways, with a limit for each direction: a server that takes short commands
    /// may send long answers.</summary>
    /// <param name="maxIncomingLineLength">The longest line received, in bytes; a longer one faults the message
    /// source with <see cref="FrameTooLongException"/>.</param>
    /// <param name="maxOutgoingLineLength">The longest line sent, in bytes; a longer one faults that send with
    /// <see cref="OutgoingFrameTooLongException"/>, which names the limit.</param>
    /// <param name="terminator">What sent lines are ended with (both are accepted when receiving).</param>
    public static ICodec<string, string> Utf8Lines(int maxIncomingLineLength, int maxOutgoingLineLength, LineTerminator terminator = LineTerminator.LineFeed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxIncomingLineLength);
        ArgumentOutOfRangeException.ThrowIfNegative(maxOutgoingLineLength);
        return Create(() => Pump.Utf8Lines(maxIncomingLineLength), () => Pump.Utf8LineWriter(maxOutgoingLineLength, terminator));
    }

    /// <summary>Length-prefixed byte frames both ways, shaped as <paramref name="options"/> say. Received frames
    /// are lent until their delivery completes.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    public static ICodec<ReadOnlyMemory<byte>, ReadOnlyMemory<byte>> LengthPrefixed(LengthPrefixOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate(); // now, rather than on the first connection
        return Create<ReadOnlyMemory<byte>, ReadOnlyMemory<byte>>(() => new LengthPrefixDecoder(options), () => new LengthPrefixEncoder(options));
    }

    private sealed class DelegateCodec<TIncoming, TOutgoing>(
        Func<IPump<ReadOnlyMemory<byte>, TIncoming>> createDecoder,
        Func<IPump<TOutgoing, ReadOnlyMemory<byte>>> createEncoder) : ICodec<TIncoming, TOutgoing>
    {
        public IPump<ReadOnlyMemory<byte>, TIncoming> CreateDecoder() => createDecoder();

        public IPump<TOutgoing, ReadOnlyMemory<byte>> CreateEncoder() => createEncoder();
    }
}
