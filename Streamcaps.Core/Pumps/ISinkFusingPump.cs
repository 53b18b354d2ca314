namespace Streamcaps.Pumps;

/// <summary>
/// A stateless pump that can stand in front of a sink as one sink (<c>pump.Into(sink)</c>), without the
/// generic pump call in between: the hop a flow makes per item and per stage is then one sink call.
/// </summary>
internal interface ISinkFusingPump<TIn, TOut>
{
    /// <summary>The pump applied to <paramref name="output"/>, as <see cref="PumpSink{TIn, TOut}"/> would be.</summary>
    ISink<TIn> Into(ISink<TOut> output);
}
