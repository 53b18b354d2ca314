using System.Buffers;

namespace Streamcaps.Brokers.Serialization;

/// <summary>Turns items into message payloads and back. One instance serves any number of flows at once, so
/// implementations keep no per-call state.</summary>
/// <typeparam name="T">The item type.</typeparam>
/// <remarks>The library ships <see cref="MessageSerializer.Raw"/>, <see cref="MessageSerializer.Utf8"/> and
/// <see cref="MessageSerializer.Json{T}"/>; implement this interface for anything else.</remarks>
public interface IMessageSerializer<T>
{
    /// <summary>Writes <paramref name="value"/> as one payload into <paramref name="output"/>.</summary>
    void Serialize(IBufferWriter<byte> output, T value);

    /// <summary>Reads one payload. The bytes are valid only during the call: keep a copy, never the sequence.</summary>
    /// <exception cref="FormatException">The payload is not a valid <typeparamref name="T"/>. The source then moves
    /// the message to its dead-letter destination at once, with this error, and goes on; without a dead-letter
    /// destination the message counts as a failed delivery and goes through the source's failure handling.</exception>
    T Deserialize(in ReadOnlySequence<byte> payload);
}
