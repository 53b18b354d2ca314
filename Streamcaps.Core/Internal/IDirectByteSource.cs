namespace Streamcaps.Internal;

/// <summary>
/// A byte source that can also receive straight into a reader's memory, as a <c>NetworkStream</c> reads a
/// socket: the stream view over it (<see cref="Interop.SourceReader"/>) then neither rents a buffer of its own
/// nor copies the bytes a second time. A TLS session reads its records this way.
/// </summary>
/// <remarks>
/// One direct read behaves as one call of the source would, minus the delivery: the same waits, timeouts,
/// stop and end. It returns the bytes received, 0 at the clean end (and on every later read), or throws the
/// problem the source would have signalled with <see cref="ISink{T}.AbortAsync"/> (and throws it again on
/// every later read). An <see cref="OperationCanceledException"/> for the caller's token took nothing and
/// leaves the source usable. The reader uses either direct reads or source calls, never both at once.
/// </remarks>
internal interface IDirectByteSource
{
    /// <summary>Receives into <paramref name="destination"/>. An empty destination waits until a receive would
    /// complete at once (data, the end or a failure has arrived) and returns 0 without taking anything.</summary>
    ValueTask<int> ReceiveIntoAsync(Memory<byte> destination, CancellationToken cancellationToken);
}
