using Streamcaps.Pumps;

namespace Streamcaps;

public static partial class Pump
{
    /// <summary>The longest piece <see cref="Split(byte, int)"/> and its overloads assemble by default: 1 MiB (or 1 Mi characters).</summary>
    public const int DefaultMaxPieceLength = 1024 * 1024;

    /// <summary>A pump that delivers items while <paramref name="predicate"/> holds and nothing from the first
    /// item that fails it.</summary>
    /// <remarks>Applied to a source (<c>source.Through(pump)</c>), the source completes at that item and never
    /// pulls its upstream again, so it ends even an endless source. Applied to a sink, the input after that item
    /// is taken and dropped.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="predicate"/> is null.</exception>
    public static IPump<T, T> TakeWhile<T>(Func<T, bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        return new TakeWhilePump<T>(predicate);
    }

    /// <summary>A pump that delivers the running accumulation: <c>state = step(state, item)</c> after each item,
    /// starting from <paramref name="seed"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="step"/> is null.</exception>
    public static IPump<TIn, TState> Scan<TIn, TState>(TState seed, Func<TState, TIn, TState> step)
    {
        ArgumentNullException.ThrowIfNull(step);
        return new ScanPump<TIn, TState>(seed, step);
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
    public static IPump<ReadOnlyMemory<byte>, ReadOnlyMemory<byte>> Split(byte delimiter, int maxPieceLength = DefaultMaxPieceLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPieceLength, 1);
        return new SplitPump<byte>(delimiter, maxPieceLength);
    }

    /// <summary>A pump that splits character chunks at <paramref name="delimiter"/>, as <see cref="Split(byte, int)"/>
    /// does for bytes.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxPieceLength"/> is less than 1.</exception>
    public static IPump<ReadOnlyMemory<char>, ReadOnlyMemory<char>> Split(char delimiter, int maxPieceLength = DefaultMaxPieceLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPieceLength, 1);
        return new SplitPump<char>(delimiter, maxPieceLength);
    }

    /// <summary>A pump that splits a stream of strings at <paramref name="delimiter"/> into strings, whatever the
    /// boundaries of the input strings, as <see cref="Split(char, int)"/> does; each piece is a new string.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxPieceLength"/> is less than 1.</exception>
    public static IPump<string, string> SplitStrings(char delimiter, int maxPieceLength = DefaultMaxPieceLength) =>
        Map<string, ReadOnlyMemory<char>>(static text => text.AsMemory())
            .Then(Split(delimiter, maxPieceLength))
            .Then(Map<ReadOnlyMemory<char>, string>(static piece => piece.ToString()));
}
