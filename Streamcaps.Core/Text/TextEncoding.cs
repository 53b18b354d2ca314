using System.Buffers;
using System.Text;

namespace Streamcaps.Text;

/// <summary>
/// The encoding state shared by <see cref="TextEncoder"/> and <see cref="StringEncoder"/>: an
/// <see cref="Encoder"/> that carries a surrogate pair split across chunks, and a pooled byte buffer.
/// </summary>
internal sealed class TextEncoding
{
    private readonly Encoding _encoding;
    private readonly Encoder _encoder;
    private byte[] _bytes = [];

    public TextEncoding(Encoding encoding, InvalidTextHandling handling)
    {
        _encoding = TextCodec.Configure(encoding, handling);
        _encoder = _encoding.GetEncoder();
    }

    /// <summary>Encodes <paramref name="chars"/>; the bytes are valid until the next call.</summary>
    /// <exception cref="InvalidTextException">A character the encoding cannot represent (in
    /// <see cref="InvalidTextHandling.Fail"/> mode).</exception>
    public ReadOnlyMemory<byte> Encode(ReadOnlySpan<char> chars, bool final)
    {
        // One more char for a carried high surrogate completed now.
        var needed = _encoding.GetMaxByteCount(chars.Length + 1);
        if (_bytes.Length < needed)
        {
            Release();
            _bytes = ArrayPool<byte>.Shared.Rent(needed);
        }

        try
        {
            var count = _encoder.GetBytes(chars, _bytes, final);
            return _bytes.AsMemory(0, count);
        }
        catch (EncoderFallbackException invalid)
        {
            _encoder.Reset();
            throw TextCodec.UnencodableText(_encoding, invalid);
        }
    }

    public void Release()
    {
        var bytes = _bytes;
        _bytes = [];
        if (bytes.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    /// <summary>Encodes <paramref name="chars"/> into <paramref name="output"/>: nothing when they made no bytes
    /// (half a surrogate pair), unless <paramref name="deliverEmpty"/> and they were empty themselves.</summary>
    public ValueTask EncodeInto(ReadOnlySpan<char> chars, ISink<ReadOnlyMemory<byte>> output, CancellationToken cancellationToken, bool deliverEmpty = false)
    {
        ArgumentNullException.ThrowIfNull(output);
        ReadOnlyMemory<byte> bytes;
        try
        {
            bytes = Encode(chars, final: false);
        }
        catch (InvalidTextException problem)
        {
            return ValueTask.FromException(problem);
        }

        return bytes.IsEmpty && !(deliverEmpty && chars.IsEmpty) ? default : output.RunAsync(bytes, cancellationToken);
    }

    /// <summary>Delivers what the encoder still holds at the end, and releases the buffer.</summary>
    public ValueTask FinishInto(ISink<ReadOnlyMemory<byte>> output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        byte[] rest;
        try
        {
            // Only a carried half surrogate pair (or a stateful encoding's closing shift) can be left: a few
            // bytes, copied so the buffer can go back now.
            rest = Encode([], final: true).ToArray();
        }
        catch (InvalidTextException problem)
        {
            return ValueTask.FromException(problem);
        }
        finally
        {
            Release();
        }

        return rest.Length == 0 ? default : output.RunAsync(rest, cancellationToken);
    }
}
