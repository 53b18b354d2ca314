namespace Streamcaps.Text;

/// <summary>
/// Encodes chunks of characters as UTF-8, right when a surrogate pair is split across chunks. Unpaired
/// surrogates fault the flow with <see cref="InvalidUtf8Exception"/> or become U+FFFD, by
/// <see cref="InvalidTextHandling"/>.
/// </summary>
/// <remarks>
/// The bytes live in a pooled buffer the encoder reuses: they are lent until the delivery completes.
/// Allocates nothing per chunk. For <see cref="string"/> items, use <see cref="Utf8StringEncoder"/>.
/// </remarks>
public sealed class Utf8Encoder : IPump<ReadOnlyMemory<char>, ReadOnlyMemory<byte>>
{
    private readonly Utf8Encoding _encoding;

    /// <summary>Creates an encoder.</summary>
    /// <param name="invalidText">What to do with unpaired surrogates.</param>
    public Utf8Encoder(InvalidTextHandling invalidText = InvalidTextHandling.Fail) => _encoding = new Utf8Encoding(invalidText);

    /// <inheritdoc/>
    /// <exception cref="InvalidUtf8Exception">The task faults with it on an unpaired surrogate.</exception>
    public ValueTask RunAsync(ReadOnlyMemory<char> item, ISink<ReadOnlyMemory<byte>> output, CancellationToken cancellationToken = default) =>
        Utf8EncodingPump.EncodeInto(_encoding, item.Span, output, cancellationToken);

    /// <inheritdoc/>
    /// <exception cref="InvalidUtf8Exception">The task faults with it when the text ended with half a surrogate pair.</exception>
    public ValueTask CompleteAsync(ISink<ReadOnlyMemory<byte>> output, CancellationToken cancellationToken = default) =>
        Utf8EncodingPump.FinishInto(_encoding, output, cancellationToken);
}
