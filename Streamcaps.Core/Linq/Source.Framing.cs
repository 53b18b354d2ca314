using Streamcaps.Framing;
using Streamcaps.Text;

namespace Streamcaps;

public static partial class Source
{
    /// <summary>The UTF-8 text lines of a byte source, each a <see cref="string"/> without its <c>\n</c> or
    /// <c>\r\n</c>: <c>source.Through(Pump.Utf8Lines(maxLineLength, invalidText))</c>. A last line without a
    /// terminator counts.</summary>
    /// <param name="source">The bytes, in chunks cut anywhere.</param>
    /// <param name="maxLineLength">The longest line accepted, in bytes; a longer one fails the source with
    /// <see cref="FrameTooLongException"/>, so a peer that never sends a newline cannot grow memory without bound.</param>
    /// <param name="invalidText">What to do with bytes that are not UTF-8.</param>
    /// <remarks>For another encoding, decode first and split the characters:
    /// <c>source.Through(new TextDecoder(encoding)).Through(Pump.Split('\n'))</c>.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxLineLength"/> is negative.</exception>
    public static ISource<string> Lines(this ISource<ReadOnlyMemory<byte>> source, int maxLineLength, InvalidTextHandling invalidText = InvalidTextHandling.Fail) =>
        source.Through(Pump.Utf8Lines(maxLineLength, invalidText));

    /// <summary>The length-prefixed frames of a byte source, shaped as <paramref name="options"/> say:
    /// <c>source.Through(new LengthPrefixDecoder(options))</c>. Each frame is lent until its delivery completes.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> or <paramref name="options"/> is null.</exception>
    public static ISource<ReadOnlyMemory<byte>> LengthPrefixed(this ISource<ReadOnlyMemory<byte>> source, LengthPrefixOptions options) =>
        source.Through(new LengthPrefixDecoder(options));
}
