using System.Text;

namespace Streamcaps.Text;

/// <summary>
/// Decodes bytes in any <see cref="Encoding"/> into one <see cref="string"/> per input chunk: after a framing
/// pump, one string per frame. A character split across chunks is completed by the next chunk, as in
/// <see cref="TextDecoder"/>; invalid bytes fault the flow with <see cref="InvalidTextException"/> or become
/// U+FFFD, by <see cref="InvalidTextHandling"/>.
/// </summary>
/// <remarks>
/// An empty chunk gives an empty string (an empty line is a line); a chunk holding only the start of a
/// character gives nothing. The strings are the caller's to keep: they allocate, by nature.
/// </remarks>
public class StringDecoder : IPump<ReadOnlyMemory<byte>, string>
{
    private readonly TextDecoding _decoding;

    /// <summary>Creates a decoder.</summary>
    /// <param name="encoding">The encoding of the bytes; its own fallbacks are replaced by <paramref name="invalidText"/>'s.</param>
    /// <param name="invalidText">What to do with bytes that are not valid in <paramref name="encoding"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="encoding"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="invalidText"/> is not a defined value.</exception>
    public StringDecoder(Encoding encoding, InvalidTextHandling invalidText = InvalidTextHandling.Fail) =>
        _decoding = new TextDecoding(encoding, invalidText);

    /// <inheritdoc/>
    /// <exception cref="InvalidTextException">The task faults with it when the bytes are not valid.</exception>
    public ValueTask RunAsync(ReadOnlyMemory<byte> item, ISink<string> output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        string text;
        try
        {
            var chars = _decoding.Decode(item.Span, final: false);
            if (chars.IsEmpty && !item.IsEmpty)
            {
                return default;
            }

            text = new string(chars.Span);
        }
        catch (InvalidTextException problem)
        {
            return ValueTask.FromException(problem);
        }

        return output.RunAsync(text, cancellationToken);
    }

    /// <inheritdoc/>
    /// <exception cref="InvalidTextException">The task faults with it when the input ended inside a character.</exception>
    public ValueTask CompleteAsync(ISink<string> output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        string text;
        try
        {
            text = new string(_decoding.Decode([], final: true).Span);
        }
        catch (InvalidTextException problem)
        {
            return ValueTask.FromException(problem);
        }
        finally
        {
            _decoding.Release();
        }

        return text.Length == 0 ? default : output.RunAsync(text, cancellationToken);
    }
}
