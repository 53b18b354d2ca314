using Streamcaps.Framing;
using Streamcaps.Net.Codecs;

namespace Streamcaps.Net;

/// <summary>The common framings of a connection in one call: a typed source/sink pair over the bytes.</summary>
public static class ConnectionFramingExtensions
{
    /// <summary>UTF-8 text lines both ways: <c>connection.WithCodec(Codec.Utf8Lines(maxLineLength, terminator))</c>.
    /// Each received line, without its terminator, is a <see cref="string"/>; each string sent becomes a line.</summary>
    /// <param name="connection">The transport; the result owns it (disposing the result disposes it).</param>
    /// <param name="maxLineLength">The longest line accepted either way, in bytes: a longer received line fails the
    /// source with <see cref="FrameTooLongException"/>, a longer sent one faults its delivery.</param>
    /// <param name="terminator">What sent lines are ended with (<c>\n</c> and <c>\r\n</c> are both accepted when receiving).</param>
    /// <exception cref="ArgumentNullException"><paramref name="connection"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxLineLength"/> is negative.</exception>
    public static MessageConnection<string, string> Lines(this IConnection connection, int maxLineLength, LineTerminator terminator = LineTerminator.LineFeed) =>
        connection.WithCodec(Codec.Utf8Lines(maxLineLength, terminator));

    /// <summary>Length-prefixed byte frames both ways, shaped as <paramref name="options"/> say:
    /// <c>connection.WithCodec(Codec.LengthPrefixed(options))</c>. Received frames are lent until their delivery completes.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="connection"/> or <paramref name="options"/> is null.</exception>
    public static MessageConnection<ReadOnlyMemory<byte>, ReadOnlyMemory<byte>> LengthPrefixed(this IConnection connection, LengthPrefixOptions options) =>
        connection.WithCodec(Codec.LengthPrefixed(options));
}
