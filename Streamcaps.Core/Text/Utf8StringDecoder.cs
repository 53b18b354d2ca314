namespace Streamcaps.Text;

/// <summary>
/// Decodes UTF-8 bytes into one <see cref="string"/> per input chunk: after a
/// <see cref="Framing.LineDecoder"/>, one string per line. A character split across chunks is completed
/// by the next chunk, as in <see cref="Utf8Decoder"/>; invalid bytes fault the flow with
/// <see cref="InvalidUtf8Exception"/> or become U+FFFD, by <see cref="InvalidTextHandling"/>.
/// </summary>
/// <remarks>
/// An empty chunk gives an empty string (an empty line is a line); a chunk holding only the start of a
/// character gives nothing. The strings are the caller's to keep: they allocate, by nature.
/// </remarks>
public sealed class Utf8StringDecoder : IPump<ReadOnlyMemory<byte>, string>
{
    private readonly Utf8Decoding _decoding;

    /// <summary>Creates a decoder.</summary>
    /// <param name="invalidText">What to do with bytes that are not UTF-8.</param>
    public Utf8StringDecoder(InvalidTextHandling invalidText = InvalidTextHandling.Fail) => _decoding = new Utf8Decoding(invalidText);

    /// <inheritdoc/>
    /// <exception cref="InvalidUtf8Exception">The task faults with it when the bytes are not UTF-8.</exception>
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
        catch (InvalidUtf8Exception problem)
        {
            return ValueTask.FromException(problem);
        }

        return output.RunAsync(text, cancellationToken);
    }

    /// <inheritdoc/>
    /// <exception cref="InvalidUtf8Exception">The task faults with it when the input ended inside a character.</exception>
    public ValueTask CompleteAsync(ISink<string> output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        string text;
        try
        {
            text = new string(_decoding.Decode([], final: true).Span);
        }
        catch (InvalidUtf8Exception problem)
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
