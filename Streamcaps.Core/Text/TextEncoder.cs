using System.Text;

namespace Streamcaps.Text;

/// <summary>
/// Encodes chunks of characters in any <see cref="Encoding"/>, right when a surrogate pair is split across
/// chunks. Characters the encoding cannot represent (unpaired surrogates; in an 8-bit encoding, anything
/// outside it) fault the flow with <see cref="InvalidTextException"/> or are replaced, by
/// <see cref="InvalidTextHandling"/>.
/// </summary>
/// <remarks>
/// The bytes live in a pooled buffer the encoder reuses: they are lent until the delivery completes.
/// Allocates nothing per chunk. No byte order mark is written. For <see cref="string"/> items, use
/// <see cref="StringEncoder"/>.
/// </remarks>
public class TextEncoder : IPump<ReadOnlyMemory<char>, ReadOnlyMemory<byte>>
{
    private readonly TextEncoding _encoding;

    /// <summary>Creates an encoder.</summary>
    /// <param name="encoding">The encoding to write; its own fallbacks are replaced by <paramref name="invalidText"/>'s.</param>
    /// <param name="invalidText">What to do with characters <paramref name="encoding"/> cannot represent.</param>
    /// <exception cref="ArgumentNullException"><paramref name="encoding"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="invalidText"/> is not a defined value.</exception>
    public TextEncoder(Encoding encoding, InvalidTextHandling invalidText = InvalidTextHandling.Fail) =>
        _encoding = new TextEncoding(encoding, invalidText);

    /// <inheritdoc/>
    /// <exception cref="InvalidTextException">The task faults with it on a character the encoding cannot represent.</exception>
    public ValueTask RunAsync(ReadOnlyMemory<char> item, ISink<ReadOnlyMemory<byte>> output, CancellationToken cancellationToken = default) =>
        _encoding.EncodeInto(item.Span, output, cancellationToken);

    /// <inheritdoc/>
    /// <exception cref="InvalidTextException">The task faults with it when the text ended with half a surrogate pair.</exception>
    public ValueTask CompleteAsync(ISink<ReadOnlyMemory<byte>> output, CancellationToken cancellationToken = default) =>
        _encoding.FinishInto(output, cancellationToken);
}
