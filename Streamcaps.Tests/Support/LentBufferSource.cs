namespace Streamcaps.Tests.Support;

/// <summary>
/// A byte source that lends one reused buffer, as a socket source does (rule 5): item k is <c>count</c>
/// bytes of value k, and the moment its delivery completes the buffer is scribbled over. A sink that looks at
/// the bytes after its delivery completed sees the scribble.
/// </summary>
public sealed class LentBufferSource(int items, int size = 16, bool asynchronous = true) : ISource<ReadOnlyMemory<byte>>
{
    public const byte Scribble = 0xEE;

    private readonly byte[] _buffer = new byte[size];
    private int _next;

    public async ValueTask RunAsync(ISink<ReadOnlyMemory<byte>> sink, CancellationToken cancellationToken = default)
    {
        if (asynchronous)
        {
            await Task.Yield();
        }

        if (_next == items)
        {
            await sink.CompleteAsync(cancellationToken);
            return;
        }

        Array.Fill(_buffer, (byte)_next++);
        try
        {
            await sink.RunAsync(_buffer, cancellationToken);
        }
        finally
        {
            Array.Fill(_buffer, Scribble);
        }
    }
}
