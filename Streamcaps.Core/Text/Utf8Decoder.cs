namespace Streamcaps.Text;

/// <summary>
/// Decodes a UTF-8 byte stream into chunks of characters, right when a character is split across chunks
/// (its first bytes are held until the rest arrive). Invalid bytes fault the flow with
/// <see cref="InvalidUtf8Exception"/> or become U+FFFD, by <see cref="InvalidTextHandling"/>; so does input
/// that ends in the middle of a character.
/// </summary>
/// <remarks>
/// Each input chunk gives at most one output chunk (none when it only held part of a character). The
/// characters live in a pooled buffer the decoder reuses: they are lent until the delivery completes.
/// Allocates nothing per chunk. A decoder belongs to one flow. For a <see cref="string"/> per chunk
/// (e.g. per line after a <see cref="Framing.LineDecoder"/>), use <see cref="Utf8StringDecoder"/>.
/// </remarks>
public sealed class Utf8Decoder : IPump<ReadOnlyMemory<byte>, ReadOnlyMemory<char>>
{
    private readonly Utf8Decoding _decoding;

    /// <summary>Creates a decoder.</summary>
    /// <param name="invalidText">What to do with bytes that are not UTF-8.</param>
    public Utf8Decoder(InvalidTextHandling invalidText = InvalidTextHandling.Fail) => _decoding = new Utf8Decoding(invalidText);

    /// <inheritdoc/>
    /// <exception cref="InvalidUtf8Exception">The task faults with it when the bytes are not UTF-8.</exception>
    public ValueTask RunAsync(ReadOnlyMemory<byte> item, ISink<ReadOnlyMemory<char>> output, CancellationToken cancellationToken = default) =>
        DecodeInto(item.Span, final: false, output, cancellationToken);

    /// <inheritdoc/>
    /// <exception cref="InvalidUtf8Exception">The task faults with it when the input ended inside a character.</exception>
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
        catch (InvalidUtf8Exception problem)
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
