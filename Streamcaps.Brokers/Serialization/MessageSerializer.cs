using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Streamcaps.Brokers.Serialization;

/// <summary>The serializers every connector takes: raw bytes, UTF-8 text, and System.Text.Json with a
/// source-generated context (trim- and AOT-safe).</summary>
public static class MessageSerializer
{
    /// <summary>The payload as it is: a delivered item is a fresh array the receiver owns (so it outlives the
    /// delivery); a published item's bytes are copied into the outgoing message.</summary>
    public static IMessageSerializer<ReadOnlyMemory<byte>> Raw { get; } = new RawSerializer();

    /// <summary>The payload as UTF-8 text. Invalid UTF-8 fails the message with a <see cref="FormatException"/>,
    /// never replaced silently.</summary>
    public static IMessageSerializer<string> Utf8 { get; } = new Utf8Serializer();

    /// <summary>The payload as JSON, read and written with <paramref name="typeInfo"/> (from a
    /// <c>JsonSerializerContext</c>: <c>MyContext.Default.Order</c>).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="typeInfo"/> is null.</exception>
    public static IMessageSerializer<T> Json<T>(JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        return new JsonSerializer<T>(typeInfo);
    }

    private sealed class RawSerializer : IMessageSerializer<ReadOnlyMemory<byte>>
    {
        public void Serialize(IBufferWriter<byte> output, ReadOnlyMemory<byte> value) => output.Write(value.Span);

        public ReadOnlyMemory<byte> Deserialize(in ReadOnlySequence<byte> payload) => payload.ToArray();
    }

    private sealed class Utf8Serializer : IMessageSerializer<string>
    {
        private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

        public void Serialize(IBufferWriter<byte> output, string value)
        {
            ArgumentNullException.ThrowIfNull(value);
            Strict.GetBytes(value, output);
        }

        public string Deserialize(in ReadOnlySequence<byte> payload)
        {
            try
            {
                return Strict.GetString(payload);
            }
            catch (DecoderFallbackException invalid)
            {
                throw new FormatException("The message payload is not valid UTF-8.", invalid);
            }
        }
    }

    private sealed class JsonSerializer<T>(JsonTypeInfo<T> typeInfo) : IMessageSerializer<T>
    {
        public void Serialize(IBufferWriter<byte> output, T value)
        {
            using var writer = new Utf8JsonWriter(output);
            System.Text.Json.JsonSerializer.Serialize(writer, value, typeInfo);
        }

        public T Deserialize(in ReadOnlySequence<byte> payload)
        {
            var reader = new Utf8JsonReader(payload);
            try
            {
                return System.Text.Json.JsonSerializer.Deserialize(ref reader, typeInfo)
                    ?? throw new FormatException($"The message payload is JSON null, not a {typeof(T).Name}.");
            }
            catch (JsonException invalid)
            {
                throw new FormatException($"The message payload is not a valid {typeof(T).Name}: {invalid.Message}", invalid);
            }
        }
    }
}
