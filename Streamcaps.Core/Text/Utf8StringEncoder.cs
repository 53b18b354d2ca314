namespace Streamcaps.Text;

/// <summary>
/// Encodes each <see cref="string"/> as UTF-8 (add a <see cref="Framing.LineEncoder"/> after it for lines).
/// Unpaired surrogates fault the flow with <see cref="InvalidUtf8Exception"/> or become U+FFFD, by
/// <see cref="InvalidTextHandling"/>.
/// </summary>
/// <remarks>
/// The bytes live in a pooled buffer the encoder reuses: they are lent until the delivery completes.
/// Allocates nothing per string. An empty string gives an empty chunk.
/// </remarks>
public sealed class Utf8StringEncoder : IPump<string, ReadOnlyMemory<byte>>
{
    private readonly Utf8Encoding _encoding;

    /// <summary>Creates an encoder.</summary>
    /// <param name="invalidText">What to do with unpaired surrogates.</param>
    public Utf8StringEncoder(InvalidTextHandling invalidText = InvalidTextHandling.Fail) => _encoding = new Utf8Encoding(invalidText);

    /// <inheritdoc/>
    /// <exception cref="InvalidUtf8Exception">The task faults with it on an unpaired surrogate.</exception>
    public ValueTask RunAsync(string item, ISink<ReadOnlyMemory<byte>> output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        return Utf8EncodingPump.EncodeInto(_encoding, item, output, cancellationToken, deliverEmpty: true);
    }

    /// <inheritdoc/>
    /// <exception cref="InvalidUtf8Exception">The task faults with it when the text ended with half a surrogate pair.</exception>
    public ValueTask CompleteAsync(ISink<ReadOnlyMemory<byte>> output, CancellationToken cancellationToken = default) =>
        Utf8EncodingPump.FinishInto(_encoding, output, cancellationToken);
}
