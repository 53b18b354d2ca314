namespace Streamcaps.Text;

/// <summary>The delivery steps shared by the two UTF-8 encoders.</summary>
internal static class Utf8EncodingPump
{
    public static ValueTask EncodeInto(Utf8Encoding encoding, ReadOnlySpan<char> chars, ISink<ReadOnlyMemory<byte>> output, CancellationToken cancellationToken, bool deliverEmpty = false)
    {
        ArgumentNullException.ThrowIfNull(output);
        ReadOnlyMemory<byte> bytes;
        try
        {
            bytes = encoding.Encode(chars, final: false);
        }
        catch (InvalidUtf8Exception problem)
        {
            return ValueTask.FromException(problem);
        }

        return bytes.IsEmpty && !(deliverEmpty && chars.IsEmpty) ? default : output.RunAsync(bytes, cancellationToken);
    }

    public static ValueTask FinishInto(Utf8Encoding encoding, ISink<ReadOnlyMemory<byte>> output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        byte[] rest;
        try
        {
            // Only a carried half surrogate pair can be left: a few bytes, copied so the buffer can go back now.
            rest = encoding.Encode([], final: true).ToArray();
        }
        catch (InvalidUtf8Exception problem)
        {
            return ValueTask.FromException(problem);
        }
        finally
        {
            encoding.Release();
        }

        return rest.Length == 0 ? default : output.RunAsync(rest, cancellationToken);
    }
}
