using System.Buffers;
using System.Runtime.CompilerServices;

namespace Streamcaps.Pumps;

/// <summary>
/// Splits a stream of chunks (bytes or characters) into the pieces between delimiters, whatever the chunk
/// boundaries. A piece that lies wholly inside one input chunk is handed on as a slice of it, without
/// copying (DESIGN rule 5 keeps it valid while it is out); a piece that spans chunks is assembled in a
/// pooled buffer, reused once its delivery completed. At the end, the trailing piece (after the last
/// delimiter) is delivered if it is not empty.
/// </summary>
internal sealed class SplitPump<T>(T delimiter, int maxPieceLength) : IPump<ReadOnlyMemory<T>, ReadOnlyMemory<T>>
    where T : IEquatable<T>
{
    private T[] _carry = [];
    private int _carried;

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask RunAsync(ReadOnlyMemory<T> item, ISink<ReadOnlyMemory<T>> output, CancellationToken cancellationToken = default)
    {
        var rest = item;
        int end;
        while ((end = rest.Span.IndexOf(delimiter)) >= 0)
        {
            var piece = rest[..end];
            rest = rest[(end + 1)..];
            if (_carried == 0)
            {
                CheckLength(piece.Length);
                await output.RunAsync(piece, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                Carry(piece.Span);
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
        await output.RunAsync(_carry.AsMemory(0, _carried), cancellationToken).ConfigureAwait(false);
        _carried = 0;
        ReturnCarry();
    }

    /// <summary>Appends to the piece being assembled, growing the pooled buffer as needed.</summary>
    private void Carry(ReadOnlySpan<T> part)
    {
        if (part.IsEmpty)
        {
            return;
        }

        CheckLength(_carried + part.Length);
        if (_carried + part.Length > _carry.Length)
        {
            var larger = ArrayPool<T>.Shared.Rent(Math.Min(Math.Max(_carried + part.Length, _carry.Length * 2), maxPieceLength));
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
            throw new InvalidDataException(
                $"A piece is longer than the limit of {maxPieceLength} elements (maxPieceLength) without a delimiter.");
        }
    }

    private void ReturnCarry()
    {
        if (_carry.Length > 0)
        {
            ArrayPool<T>.Shared.Return(_carry);
            _carry = [];
        }
    }
}
