using System.Buffers;

namespace Streamcaps.Sinks;

/// <summary>Copies every lent chunk into one growing buffer and builds the result from all of it at the
/// clean end, so a multi-byte character split across chunks decodes whole.</summary>
internal sealed class ByteCollectingSink<TResult>(int maxLength, Func<ReadOnlySpan<byte>, TResult> build)
    : ResultSink<ReadOnlyMemory<byte>, TResult>
{
    private readonly ArrayBufferWriter<byte> _bytes = new();

    protected override ValueTask DeliverAsync(ReadOnlyMemory<byte> item, CancellationToken cancellationToken)
    {
        if (item.Length > maxLength - _bytes.WrittenCount)
        {
            return ValueTask.FromException(new InvalidDataException(
                $"The collected data would exceed the limit of {maxLength} bytes (maxLength)."));
        }

        _bytes.Write(item.Span);
        return default;
    }

    protected override TResult Build() => build(_bytes.WrittenSpan);
}
