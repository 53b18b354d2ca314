using System.Buffers;
using System.Buffers.Text;
using Streamcaps.Brokers.Serialization;
using Streamcaps.Nats.JetStream;

namespace Streamcaps.Samples.WorkQueue;

/// <summary>A number as decimal text: the input payload.</summary>
internal sealed class DecimalSerializer : IMessageSerializer<long>
{
    public static readonly DecimalSerializer Instance = new();

    public void Serialize(IBufferWriter<byte> output, long value)
    {
        Utf8Formatter.TryFormat(value, output.GetSpan(20), out var written);
        output.Advance(written);
    }

    public long Deserialize(in ReadOnlySequence<byte> payload)
    {
        Span<byte> text = stackalloc byte[24];
        if (payload.Length > text.Length || !Utf8Parser.TryParse(Copy(payload, text), out long value, out var used) || used != payload.Length)
        {
            throw new FormatException("The payload is not a decimal 64-bit integer.");
        }

        return value;
    }

    private static ReadOnlySpan<byte> Copy(in ReadOnlySequence<byte> payload, Span<byte> into)
    {
        payload.CopyTo(into);
        return into[..(int)payload.Length];
    }
}

/// <summary>A worker's result, <c>i,i*i</c>, with the input message it was made from (acknowledged once the
/// result is stored).</summary>
internal readonly record struct Square(long Number, JetStreamMessage<long> Origin)
{
    public string MessageId => Number.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>Writes a <see cref="Square"/> as <c>i,i*i</c>.</summary>
internal sealed class SquareSerializer : IMessageSerializer<Square>
{
    public static readonly SquareSerializer Instance = new();

    public void Serialize(IBufferWriter<byte> output, Square value)
    {
        var span = output.GetSpan(42);
        Utf8Formatter.TryFormat(value.Number, span, out var first);
        span[first] = (byte)',';
        Utf8Formatter.TryFormat(value.Number * value.Number, span[(first + 1)..], out var second);
        output.Advance(first + 1 + second);
    }

    public Square Deserialize(in ReadOnlySequence<byte> payload) =>
        throw new NotSupportedException("Results are read as text by the collector.");
}
