using System.Buffers;

namespace Streamcaps.Tests.Net;

/// <summary>A byte sink that copies what it is lent (DESIGN rule 5) and remembers how the flow ended.</summary>
internal sealed class RecordingSink : ISink<ReadOnlyMemory<byte>>
{
    private readonly ArrayBufferWriter<byte> _received = new();
    private readonly TaskCompletionSource<Exception?> _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ReadOnlySpan<byte> Received => _received.WrittenSpan;

    public int Deliveries { get; private set; }

    public int LargestDelivery { get; private set; }

    /// <summary>Completes with null on a clean end and with the problem on an abort.</summary>
    public Task<Exception?> Ended => _ended.Task;

    public ValueTask RunAsync(ReadOnlyMemory<byte> item, CancellationToken cancellationToken = default)
    {
        _received.Write(item.Span);
        Deliveries++;
        LargestDelivery = Math.Max(LargestDelivery, item.Length);
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
