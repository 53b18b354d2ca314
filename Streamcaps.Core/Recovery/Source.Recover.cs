using Streamcaps.Recovery;

namespace Streamcaps;

public static partial class Source
{
    /// <summary>
    /// A source that delivers every item of <paramref name="source"/> and, if it fails with a
    /// <typeparamref name="TException"/>, one last item made from that failure, then completes: so a flow into a
    /// sink ends cleanly after the last item instead of aborting the sink.
    /// </summary>
    /// <remarks>
    /// <para>This is how a server answers bad input instead of resetting: a line server reading
    /// <c>connection.WithCodec(Codec.Utf8Lines(4096))</c> turns an over-long line into an error reply with
    /// <c>lines.Source.Recover((FrameTooLongException e) =&gt; $"ERR line too long (limit {e.MaxFrameLength} bytes)")</c>.
    /// Every reply produced before the bad line goes out, the error reply after them, and completing the sink
    /// closes the connection with a FIN. Without it, the decoder's failure aborts the sink (a reset), which
    /// discards replies still on their way.</para>
    /// <para>Other failures pass through unchanged, and so does cancellation (a cancelled call faults; it is not
    /// a failure of the source). The failure recovered from is not reported anywhere else: log it in
    /// <paramref name="finalItem"/> if it matters. If <paramref name="finalItem"/> throws, the source fails with
    /// that exception.</para>
    /// </remarks>
    /// <typeparam name="T">The items.</typeparam>
    /// <typeparam name="TException">The failures to recover from; name it as the lambda's parameter type.</typeparam>
    /// <param name="source">The source whose failure is recovered.</param>
    /// <param name="finalItem">Makes the last item from the failure.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static ISource<T> Recover<T, TException>(this ISource<T> source, Func<TException, T> finalItem)
        where TException : Exception
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(finalItem);
        return new RecoverSource<T, TException>(source, finalItem);
    }
}
