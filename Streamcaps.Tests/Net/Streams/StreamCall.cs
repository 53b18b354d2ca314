// The array overloads are among what is tested.
#pragma warning disable CA1835

namespace Streamcaps.Tests.Net.Streams;

/// <summary>The ways a caller can read from or write to a <see cref="Stream"/>: every overload the contract
/// covers, so a rule is checked on each of them.</summary>
public enum StreamCall
{
    /// <summary><see cref="Stream.ReadByte"/> / <see cref="Stream.WriteByte"/>.</summary>
    SyncByte,

    /// <summary><see cref="Stream.Read(Span{byte})"/> / <see cref="Stream.Write(ReadOnlySpan{byte})"/>.</summary>
    SyncSpan,

    /// <summary><see cref="Stream.Read(byte[], int, int)"/> / <see cref="Stream.Write(byte[], int, int)"/>.</summary>
    SyncArray,

    /// <summary><see cref="Stream.ReadAsync(byte[], int, int, CancellationToken)"/> and its write twin.</summary>
    AsyncArray,

    /// <summary><see cref="Stream.ReadAsync(Memory{byte}, CancellationToken)"/> and its write twin.</summary>
    AsyncMemory,

    /// <summary><c>EndRead(BeginRead(...))</c> on the calling thread.</summary>
    SyncApm,

    /// <summary><c>Task.Factory.FromAsync(BeginRead, EndRead, ...)</c>.</summary>
    AsyncApm,
}

/// <summary>Makes a <see cref="StreamCall"/>.</summary>
public static class StreamCalls
{
    public static TheoryData<StreamCall> All => new(Enum.GetValues<StreamCall>());

    /// <summary>Every call but <see cref="StreamCall.SyncByte"/>, for rules about a buffer's size.</summary>
    public static TheoryData<StreamCall> WithBuffer => new(Enum.GetValues<StreamCall>().Where(call => call != StreamCall.SyncByte));

    /// <summary>Reads once into <paramref name="buffer"/>[<paramref name="offset"/>..+<paramref name="count"/>].
    /// <see cref="StreamCall.SyncByte"/> reads one byte and returns 0 at the end.</summary>
    public static async Task<int> ReadAsync(this Stream stream, StreamCall call, byte[] buffer, int offset, int count,
        CancellationToken cancellationToken = default)
    {
        switch (call)
        {
            case StreamCall.SyncByte:
                if (count == 0)
                {
                    return 0;
                }

                var value = stream.ReadByte();
                if (value < 0)
                {
                    return 0;
                }

                buffer[offset] = (byte)value;
                return 1;
            case StreamCall.SyncSpan:
                return stream.Read(buffer.AsSpan(offset, count));
            case StreamCall.SyncArray:
                return stream.Read(buffer, offset, count);
            case StreamCall.AsyncArray:
                return await stream.ReadAsync(buffer, offset, count, cancellationToken);
            case StreamCall.AsyncMemory:
                return await stream.ReadAsync(buffer.AsMemory(offset, count), cancellationToken);
            case StreamCall.SyncApm:
                return stream.EndRead(stream.BeginRead(buffer, offset, count, null, null));
            default:
                return await Task.Factory.FromAsync(stream.BeginRead, stream.EndRead, buffer, offset, count, null);
        }
    }

    /// <summary>Writes <paramref name="buffer"/>[<paramref name="offset"/>..+<paramref name="count"/>]
    /// with one call (<see cref="StreamCall.SyncByte"/>: one call per byte).</summary>
    public static async Task WriteAsync(this Stream stream, StreamCall call, byte[] buffer, int offset, int count,
        CancellationToken cancellationToken = default)
    {
        switch (call)
        {
            case StreamCall.SyncByte:
                for (var i = offset; i < offset + count; i++)
                {
                    stream.WriteByte(buffer[i]);
                }

                break;
            case StreamCall.SyncSpan:
                stream.Write(buffer.AsSpan(offset, count));
                break;
            case StreamCall.SyncArray:
                stream.Write(buffer, offset, count);
                break;
            case StreamCall.AsyncArray:
                await stream.WriteAsync(buffer, offset, count, cancellationToken);
                break;
            case StreamCall.AsyncMemory:
                await stream.WriteAsync(buffer.AsMemory(offset, count), cancellationToken);
                break;
            case StreamCall.SyncApm:
                stream.EndWrite(stream.BeginWrite(buffer, offset, count, null, null));
                break;
            default:
                await Task.Factory.FromAsync(stream.BeginWrite, stream.EndWrite, buffer, offset, count, null);
                break;
        }
    }

    /// <summary>Reads until the stream ends, <paramref name="bufferSize"/> bytes at a time at most.</summary>
    public static async Task<byte[]> ReadToEndAsync(this Stream stream, StreamCall call, int bufferSize)
    {
        using var received = new MemoryStream();
        var buffer = new byte[bufferSize];
        int read;
        while ((read = await stream.ReadAsync(call, buffer, 0, bufferSize)) > 0)
        {
            Assert.InRange(read, 1, bufferSize);
            received.Write(buffer, 0, read);
        }

        return received.ToArray();
    }

    /// <summary>Reads exactly <paramref name="count"/> bytes.</summary>
    public static async Task<byte[]> ReadExactlyAsync(this Stream stream, int count)
    {
        var bytes = new byte[count];
        await stream.ReadExactlyAsync(bytes);
        return bytes;
    }
}
