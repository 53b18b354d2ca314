using System.Text;

namespace Streamcaps.Text;

/// <summary>
/// Decodes a byte stream in any <see cref="Encoding"/> into chunks of characters, right when a character is
/// split across chunks (its first bytes are held until the rest arrive). Invalid bytes fault the flow with
/// <see cref="InvalidTextException"/> or become U+FFFD, by <see cref="InvalidTextHandling"/>; so does input
/// that ends in the middle of a character.
/// </summary>
/// <remarks>
/// Each input chunk gives at most one output chunk (none when it only held part of a character). The
/// characters live in a pooled buffer the decoder reuses: they are lent until the delivery completes.
/// Allocates nothing per chunk. A decoder belongs to one flow. A byte order mark is not skipped: it decodes
/// as U+FEFF like any other character. For a <see cref="string"/> per chunk, use <see cref="StringDecoder"/>.
/// </remarks>
public class TextDecoder : IPump<ReadOnlyMemory<byte>, ReadOnlyMemory<char>>
{
    private readonly TextDecoding _decoding;

    /// <summary>Creates a decoder.</summary>
    /// <param name="encoding">The encoding of the bytes (<see cref="Encoding.Unicode"/>, <see cref="Encoding.Latin1"/>,
    /// ...); its own fallbacks are replaced by <paramref name="invalidText"/>'s.</param>
    /// <param name="invalidText">What to do with bytes that are not valid in <paramref name="encoding"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="encoding"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="invalidText"/> is not a defined value.</exception>
    public TextDecoder(Encoding encoding, InvalidTextHandling invalidText = InvalidTextHandling.Fail) =>
        _decoding = new TextDecoding(encoding, invalidText);

    /// <inheritdoc/>
    /// <exception cref="InvalidTextException">The task faults with it when the bytes are not valid.</exception>
    public ValueTask RunAsync(ReadOnlyMemory<byte> item, ISink<ReadOnlyMemory<char>> output, CancellationToken cancellationToken = default) =>
        DecodeInto(item.Span, final: false, output, cancellationToken);

    /// <inheritdoc/>
    /// <exception cref="InvalidTextException">The task faults with it when the input ended inside a character.</exception>
    public ValueTask CompleteAsync(ISink<ReadOnlyMemory<char>> output, CancellationToken cancellationToken = default) =>
        DecodeInto([], final: true, output, cancellationToken);

    private ValueTask DecodeInto(ReadOnlySpan<byte> bytes, bool final, ISink<ReadOnlyMemory<char>> output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        ReadOnlyMemory<char> chars;
        try
        {
            chars = _decoding.Decode(bytes, final);
        }
        catch (InvalidTextException problem)
        {
            return ValueTask.FromException(problem);
        }

        if (final)
        {
            // The last characters are copied out before the buffer goes back to the pool.
            return chars.IsEmpty ? ReleaseAndComplete() : DeliverLastAsync(chars.ToArray(), output, cancellationToken);
        }

        return chars.IsEmpty ? default : output.RunAsync(chars, cancellationToken);
    }

    private ValueTask ReleaseAndComplete()
    {
        _decoding.Release();
        return default;
    }

    private async ValueTask DeliverLastAsync(char[] chars, ISink<ReadOnlyMemory<char>> output, CancellationToken cancellationToken)
    {
        _decoding.Release();
        await output.RunAsync(chars, cancellationToken).ConfigureAwait(false);
    }
}
