using System.Buffers;
using System.Runtime.CompilerServices;

namespace Streamcaps.Pumps;

/// <summary>
/// Splits a stream of chunks (bytes or characters) into the pieces between delimiters (one element or a
/// sequence), whatever the chunk boundaries: a delimiter may itself be split across chunks. A piece that
/// lies wholly inside one input chunk is handed on as a slice of it, without copying (DESIGN rule 5 keeps it
/// valid while it is out); a piece that spans chunks is assembled in a pooled buffer, reused once its
/// delivery completed. At the end, the trailing piece (after the last delimiter) is delivered if it is not
/// empty.
/// </summary>
internal sealed class SplitPump<T>(T[] delimiter, int maxPieceLength) : IPump<ReadOnlyMemory<T>, ReadOnlyMemory<T>>
    where T : IEquatable<T>
{
    // The assembled piece may end with the first elements of a delimiter, which are not part of the piece.
    private readonly int _carryLimit = (int)Math.Min((long)maxPieceLength + delimiter.Length - 1, Array.MaxLength);
    private T[] _carry = [];
    private int _carried;

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask RunAsync(ReadOnlyMemory<T> item, ISink<ReadOnlyMemory<T>> output, CancellationToken cancellationToken = default)
    {
        var rest = item;
        if (_carried > 0 && delimiter.Length > 1 && FindDelimiterEnd(rest.Span) is var consumed and > 0)
        {
            var pieceLength = _carried - (delimiter.Length - consumed);
            CheckLength(pieceLength);
            await output.RunAsync(_carry.AsMemory(0, pieceLength), cancellationToken).ConfigureAwait(false);
            _carried = 0;
            rest = rest[consumed..];
        }

        int end;
        while ((end = IndexOfDelimiter(rest.Span)) >= 0)
        {
            var piece = rest[..end];
            rest = rest[(end + delimiter.Length)..];
            if (_carried == 0)
            {
                CheckLength(piece.Length);
                await output.RunAsync(piece, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                Carry(piece.Span);
                CheckLength(_carried);
                await output.RunAsync(_carry.AsMemory(0, _carried), cancellationToken).ConfigureAwait(false);
                _carried = 0;
            }
        }

        Carry(rest.Span);
    }

    public ValueTask CompleteAsync(ISink<ReadOnlyMemory<T>> output, CancellationToken cancellationToken = default)
    {
        if (_carried == 0)
        {
            ReturnCarry();
            return default;
        }

        return DeliverTrailingAsync(output, cancellationToken);
    }

    private async ValueTask DeliverTrailingAsync(ISink<ReadOnlyMemory<T>> output, CancellationToken cancellationToken)
    {
        CheckLength(_carried);
        await output.RunAsync(_carry.AsMemory(0, _carried), cancellationToken).ConfigureAwait(false);
        _carried = 0;
        ReturnCarry();
    }

    private int IndexOfDelimiter(ReadOnlySpan<T> span) =>
        delimiter.Length == 1 ? span.IndexOf(delimiter[0]) : span.IndexOf(delimiter);

    /// <summary>Finds a delimiter that starts in the carried piece and ends in <paramref name="chunk"/>: the
    /// number of the chunk's elements it takes, or 0 when there is none.</summary>
    /// <remarks>Only the last (length - 1) carried elements can start one: an earlier start would lie wholly
    /// in the carried piece, where it was looked for already. The earliest start wins.</remarks>
    private int FindDelimiterEnd(ReadOnlySpan<T> chunk)
    {
        var carried = _carry.AsSpan(0, _carried);
        for (var inCarry = Math.Min(carried.Length, delimiter.Length - 1); inCarry > 0; inCarry--)
        {
            var inChunk = delimiter.Length - inCarry;
            if (chunk.Length >= inChunk
                && carried[^inCarry..].SequenceEqual(delimiter.AsSpan(0, inCarry))
                && chunk[..inChunk].SequenceEqual(delimiter.AsSpan(inCarry)))
            {
                return inChunk;
            }
        }

        return 0;
    }

    /// <summary>Appends to the piece being assembled, growing the pooled buffer as needed.</summary>
    private void Carry(ReadOnlySpan<T> part)
    {
        if (part.IsEmpty)
        {
            return;
        }

        if (_carried + part.Length > _carryLimit)
        {
            // Even if the delimiter starts right after what is carried, the piece is too long already.
            ThrowTooLong();
        }

        if (_carried + part.Length > _carry.Length)
        {
            var larger = ArrayPool<T>.Shared.Rent(Math.Min(Math.Max(_carried + part.Length, _carry.Length * 2), _carryLimit));
            _carry.AsSpan(0, _carried).CopyTo(larger);
            ReturnCarry();
            _carry = larger;
        }

        part.CopyTo(_carry.AsSpan(_carried));
        _carried += part.Length;
    }

    private void CheckLength(int length)
    {
        if (length > maxPieceLength)
        {
            ThrowTooLong();
        }
    }

    private void ThrowTooLong() =>
        throw new InvalidDataException(
            $"A piece is longer than the limit of {maxPieceLength} elements (maxPieceLength) without a delimiter.");

    private void ReturnCarry()
    {
        if (_carry.Length > 0)
        {
            ArrayPool<T>.Shared.Return(_carry);
            _carry = [];
        }
    }
}
