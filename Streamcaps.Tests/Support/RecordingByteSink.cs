namespace Streamcaps.Tests.Support;

/// <summary>A byte sink for tests that copies what it receives and records how it ended.</summary>
internal sealed class RecordingByteSink : ISink<ReadOnlyMemory<byte>>
{
    private readonly List<byte> _received = [];
    private readonly TaskCompletionSource<Exception?> _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public byte[] Received => [.. _received];

    /// <summary>Completes with <see langword="null"/> on CompleteAsync, or with the problem on AbortAsync.</summary>
    public Task<Exception?> Ended => _ended.Task;

    public ValueTask RunAsync(ReadOnlyMemory<byte> item, CancellationToken cancellationToken = default)
    {
        if (_ended.Task.IsCompleted)
        {
            throw new InvalidOperationException("delivery after the end");
        }

        _received.AddRange(item.Span);
        return default;
    }

    public ValueTask CompleteAsync(CancellationToken cancellationToken = default)
    {
        _ended.TrySetResult(null);
        return default;
    }

    public ValueTask AbortAsync(Exception problem)
    {
        _ended.TrySetResult(problem);
        return default;
    }
}
