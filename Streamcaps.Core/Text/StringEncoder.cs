using System.Text;

namespace Streamcaps.Text;

/// <summary>
/// Encodes each <see cref="string"/> in any <see cref="Encoding"/> (add a framing encoder after it for lines
/// or frames). Characters the encoding cannot represent fault the flow with <see cref="InvalidTextException"/>
/// or are replaced, by <see cref="InvalidTextHandling"/>.
/// </summary>
/// <remarks>
/// The bytes live in a pooled buffer the encoder reuses: they are lent until the delivery completes.
/// Allocates nothing per string. An empty string gives an empty chunk. No byte order mark is written.
/// </remarks>
public class StringEncoder : IPump<string, ReadOnlyMemory<byte>>
{
    private readonly TextEncoding _encoding;

    /// <summary>Creates an encoder.</summary>
    /// <param name="encoding">The encoding to write; its own fallbacks are replaced by <paramref name="invalidText"/>'s.</param>
    /// <param name="invalidText">What to do with characters <paramref name="encoding"/> cannot represent.</param>
    /// <exception cref="ArgumentNullException"><paramref name="encoding"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="invalidText"/> is not a defined value.</exception>
    public StringEncoder(Encoding encoding, InvalidTextHandling invalidText = InvalidTextHandling.Fail) =>
        _encoding = new TextEncoding(encoding, invalidText);

    /// <inheritdoc/>
    /// <exception cref="InvalidTextException">The task faults with it on a character the encoding cannot represent.</exception>
    public ValueTask RunAsync(string item, ISink<ReadOnlyMemory<byte>> output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        return _encoding.EncodeInto(item, output, cancellationToken, deliverEmpty: true);
    }

    /// <inheritdoc/>
    /// <exception cref="InvalidTextException">The task faults with it when the text ended with half a surrogate pair.</exception>
    public ValueTask CompleteAsync(ISink<ReadOnlyMemory<byte>> output, CancellationToken cancellationToken = default) =>
        _encoding.FinishInto(output, cancellationToken);
}
