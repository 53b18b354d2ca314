using System.Buffers;
using NATS.Client.Core;
using Streamcaps.Brokers.Serialization;

namespace Streamcaps.Nats.Internal;

/// <summary>An <see cref="IMessageSerializer{T}"/> in the shape NATS.Net serializes with, so payloads are written
/// straight into the connection's buffer and read straight from it.</summary>
internal sealed class NatsSerializer<T>(IMessageSerializer<T> serializer) : INatsSerialize<T>, INatsDeserialize<T>
{
    public void Serialize(IBufferWriter<byte> bufferWriter, T value) => serializer.Serialize(bufferWriter, value);

    public T? Deserialize(in ReadOnlySequence<byte> buffer) => serializer.Deserialize(buffer);
}
