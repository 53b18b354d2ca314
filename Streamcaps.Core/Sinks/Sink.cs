using System.Text;
using Streamcaps.Sinks;

namespace Streamcaps;

/// <summary>Creates sinks. Each call returns a new sink: the end of one flow.</summary>
/// <remarks>Every sink here keeps the protocol's lifecycle: a delivery after Complete or Abort, or while
/// another is in flight, faults with <see cref="InvalidOperationException"/>; a second Complete or Abort is
/// harmless; a delivery whose token is cancelled faults with <see cref="OperationCanceledException"/> and
/// aborts the sink.</remarks>
public static partial class Sink
{
    /// <summary>A sink that keeps every item; its <see cref="IResultSink{T, TResult}.Result"/> is the list,
    /// in delivery order, once the sink is completed.</summary>
    public static IResultSink<T, IReadOnlyList<T>> ToList<T>() => new ListSink<T>();

    /// <summary>A sink that hands every item to <paramref name="action"/> and waits for its task before taking
    /// the next; a delegate that throws or faults faults that delivery.</summary>
    /// <param name="action">Called once per item with the delivery's token. Borrowed memory is valid only until
    /// the returned task completes.</param>
    /// <exception cref="ArgumentNullException"><paramref name="action"/> is null.</exception>
    public static ISink<T> ForEach<T>(Func<T, CancellationToken, ValueTask> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return new ForEachSink<T>(action);
    }

    /// <summary>A sink that hands every item to a synchronous <paramref name="action"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="action"/> is null.</exception>
    public static ISink<T> ForEach<T>(Action<T> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return new ActionSink<T>(action);
    }

    /// <summary>A sink that takes every item at once and discards it.</summary>
    public static ISink<T> Null<T>() => new NullSink<T>();

    /// <summary>A sink that copies every lent chunk; its result is all the bytes, in order.</summary>
    /// <param name="maxLength">The most bytes it keeps. A delivery that would exceed it faults with
    /// <see cref="InvalidDataException"/> and keeps nothing of that chunk.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxLength"/> is negative.</exception>
    public static IResultSink<ReadOnlyMemory<byte>, byte[]> CollectBytes(int maxLength = int.MaxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxLength);
        return new ByteCollectingSink<byte[]>(maxLength, static bytes => bytes.ToArray());
    }

    /// <summary>A sink that copies every lent chunk and decodes all of them as one text at the clean end,
    /// so characters split across chunks decode whole.</summary>
    /// <param name="encoding">The text encoding; UTF-8 when null. Invalid bytes decode as the encoding's
    /// replacement character unless the encoding was created to throw.</param>
    /// <param name="maxLength">The most bytes it keeps, as for <see cref="CollectBytes"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxLength"/> is negative.</exception>
    public static IResultSink<ReadOnlyMemory<byte>, string> CollectString(Encoding? encoding = null, int maxLength = int.MaxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxLength);
        var decoder = encoding ?? Encoding.UTF8;
        return new ByteCollectingSink<string>(maxLength, bytes => decoder.GetString(bytes));
    }
}
