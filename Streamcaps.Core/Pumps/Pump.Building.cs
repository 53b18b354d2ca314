using Streamcaps.Pumps;

namespace Streamcaps;

public static partial class Pump
{
    /// <summary>The longest piece <see cref="Split(byte, int)"/> and its overloads assemble by default: 1 MiB (or 1 Mi characters).</summary>
    public const int DefaultMaxPieceLength = 1024 * 1024;

    /// <summary>A pump that delivers items while <paramref name="predicate"/> holds and nothing from the first
    /// item that fails it.</summary>
    /// <remarks>An <see cref="IFinitePump{TIn, TOut}"/>. Applied to a source (<c>source.Through(pump)</c>), the
    /// source completes at that item and never pulls its upstream again, so it ends even an endless source.
    /// Applied to a sink, that item completes the sink, and the input after it is taken and dropped.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="predicate"/> is null.</exception>
    public static IPump<T, T> TakeWhile<T>(Func<T, bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        return new TakeWhilePump<T>(predicate);
    }

    /// <summary>A pump that delivers the running accumulation: <c>state = step(state, item)</c> after each item,
    /// starting from <paramref name="seed"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="step"/> is null.</exception>
    public static IPump<TIn, TState> Scan<TIn, TState>(TState seed, Func<TState, TIn, TState> step) =>
        Scan(seed, step, emitSeed: false);

    /// <summary>A pump that delivers the running accumulation, and with <paramref name="emitSeed"/> the
    /// <paramref name="seed"/> itself first, as Monte's <c>makePump.scan</c> does: <c>Scan(0, (s, x) => s + x,
    /// emitSeed: true)</c> makes 1, 2, 3 into 0, 1, 3, 6.</summary>
    /// <param name="seed">The state before the first item.</param>
    /// <param name="step">Makes the next state of the current one and an item.</param>
    /// <param name="emitSeed">Whether the seed is delivered before the first item's state. An empty input then
    /// gives the seed alone, at its end (as F#'s <c>Seq.scan</c>; Monte's pumps, which cannot deliver without
    /// input, give nothing).</param>
    /// <exception cref="ArgumentNullException"><paramref name="step"/> is null.</exception>
    public static IPump<TIn, TState> Scan<TIn, TState>(TState seed, Func<TState, TIn, TState> step, bool emitSeed)
    {
        ArgumentNullException.ThrowIfNull(step);
        return new ScanPump<TIn, TState>(seed, step, emitSeed);
    }

    /// <summary>A pump that splits byte chunks into the pieces between <paramref name="delimiter"/>s, whatever the
    /// chunk boundaries; the delimiter itself is dropped.</summary>
    /// <param name="delimiter">The byte that ends a piece (<c>(byte)'\n'</c> for lines).</param>
    /// <param name="maxPieceLength">The longest piece it assembles. A longer one faults the delivery with
    /// <see cref="InvalidDataException"/>, so a peer that never sends a delimiter cannot grow memory without bound.</param>
    /// <remarks>Pieces are lent: a piece inside one input chunk is a slice of it (no copy), one that spans chunks
    /// lives in the pump's pooled buffer; both are valid until their delivery completes. Two delimiters in a row
    /// make an empty piece. When the input ends, the trailing piece after the last delimiter is delivered, unless
    /// it is empty.</remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxPieceLength"/> is less than 1.</exception>
    public static IPump<ReadOnlyMemory<byte>, ReadOnlyMemory<byte>> Split(byte delimiter, int maxPieceLength = DefaultMaxPieceLength) =>
        NewSplit<byte>([delimiter], maxPieceLength);

    /// <summary>A pump that splits character chunks at <paramref name="delimiter"/>, as <see cref="Split(byte, int)"/>
    /// does for bytes.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxPieceLength"/> is less than 1.</exception>
    public static IPump<ReadOnlyMemory<char>, ReadOnlyMemory<char>> Split(char delimiter, int maxPieceLength = DefaultMaxPieceLength) =>
        NewSplit<char>([delimiter], maxPieceLength);

    /// <summary>A pump that splits a stream of strings at <paramref name="delimiter"/> into strings, whatever the
    /// boundaries of the input strings, as <see cref="Split(char, int)"/> does; each piece is a new string.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxPieceLength"/> is less than 1.</exception>
    public static IPump<string, string> SplitStrings(char delimiter, int maxPieceLength = DefaultMaxPieceLength) =>
        Strings(Split(delimiter, maxPieceLength));

    /// <summary>A pump that splits byte chunks at a delimiter of one or more bytes (<c>"\r\n"u8</c>), as
    /// <see cref="Split(byte, int)"/> does for one byte; a delimiter split across chunks is found too.</summary>
    /// <param name="delimiter">The byte sequence that ends a piece. It is copied.</param>
    /// <param name="maxPieceLength">The longest piece it assembles, not counting the delimiter.</param>
    /// <remarks>Pieces are lent, as for <see cref="Split(byte, int)"/>. Occurrences are found from the left and do
    /// not overlap. For frames that must end with the delimiter, and named framing errors, see
    /// <see cref="Framing.DelimiterDecoder"/>.</remarks>
    /// <exception cref="ArgumentException"><paramref name="delimiter"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxPieceLength"/> is less than 1.</exception>
    public static IPump<ReadOnlyMemory<byte>, ReadOnlyMemory<byte>> Split(ReadOnlySpan<byte> delimiter, int maxPieceLength = DefaultMaxPieceLength) =>
        NewSplit(delimiter, maxPieceLength);

    /// <summary>A pump that splits character chunks at a delimiter of one or more characters (<c>"\r\n"</c>), as
    /// <see cref="Split(ReadOnlySpan{byte}, int)"/> does for bytes.</summary>
    /// <exception cref="ArgumentException"><paramref name="delimiter"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxPieceLength"/> is less than 1.</exception>
    public static IPump<ReadOnlyMemory<char>, ReadOnlyMemory<char>> Split(ReadOnlySpan<char> delimiter, int maxPieceLength = DefaultMaxPieceLength) =>
        NewSplit(delimiter, maxPieceLength);

    /// <summary>A pump that splits a stream of strings at a delimiter of one or more characters into strings,
    /// whatever the boundaries of the input strings (a delimiter may start in one string and end in the next).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="delimiter"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="delimiter"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxPieceLength"/> is less than 1.</exception>
    public static IPump<string, string> SplitStrings(string delimiter, int maxPieceLength = DefaultMaxPieceLength)
    {
        ArgumentNullException.ThrowIfNull(delimiter);
        return Strings(Split(delimiter.AsSpan(), maxPieceLength));
    }

    /// <summary>A character splitter between strings: each input string is split as characters, each piece made a new string.</summary>
    private static IPump<string, string> Strings(IPump<ReadOnlyMemory<char>, ReadOnlyMemory<char>> split) =>
        Map<string, ReadOnlyMemory<char>>(static text => text.AsMemory())
            .Then(split)
            .Then(Map<ReadOnlyMemory<char>, string>(static piece => piece.ToString()));

    private static SplitPump<T> NewSplit<T>(ReadOnlySpan<T> delimiter, int maxPieceLength)
        where T : IEquatable<T>
    {
        if (delimiter.IsEmpty)
        {
            throw new ArgumentException("The delimiter must hold at least one element.", nameof(delimiter));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(maxPieceLength, 1);
        return new SplitPump<T>(delimiter.ToArray(), maxPieceLength);
    }
}
