namespace Streamcaps.Cli.Relaying;

/// <summary>Counts the bytes of one direction into <see cref="Traffic"/> and passes them on unchanged.</summary>
internal sealed class MeterPump(Traffic traffic, bool forward) : IPump<ReadOnlyMemory<byte>, ReadOnlyMemory<byte>>
{
    public ValueTask RunAsync(ReadOnlyMemory<byte> item, ISink<ReadOnlyMemory<byte>> output, CancellationToken cancellationToken = default)
    {
        traffic.Count(forward, item.Length);
        return output.RunAsync(item, cancellationToken);
    }

    public ValueTask CompleteAsync(ISink<ReadOnlyMemory<byte>> output, CancellationToken cancellationToken = default) => default;
}
