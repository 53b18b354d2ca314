using System.Diagnostics;

namespace Streamcaps.Diagnostics;

/// <summary>A source that reports its flow to the <see cref="StreamcapsFlowDiagnostics.MeterName"/> meter (see
/// <see cref="Source.Metered{T}(ISource{T}, string)"/>). It passes every call through and sees, on the way, each
/// item, the end signal, and a downstream delivery that failed.</summary>
/// <remarks>One metered source measures one flow: calls on a source never overlap (rule 3), so one forwarding sink
/// is reused for every call and nothing is allocated per item.</remarks>
internal sealed class MeteredSource<T> : ISource<T>
{
    private readonly ISource<T> _source;
    private readonly KeyValuePair<string, object?> _name;
    private readonly MeteringSink _sink;
    private long _started;
    private bool _ended;

    public MeteredSource(ISource<T> source, string flowName)
    {
        _source = source;
        _name = new(StreamcapsFlowDiagnostics.FlowNameTag, flowName);
        _sink = new MeteringSink(this);
    }

    public ValueTask RunAsync(ISink<T> sink, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sink);
        if (_started == 0 && !_ended)
        {
            _started = Stopwatch.GetTimestamp();
            FlowMeter.Active.Add(1, _name);
        }

        _sink.Downstream = sink;
        return _source.RunAsync(_sink, cancellationToken);
    }

    /// <summary>Records the end once: the flow is no longer active, its duration, and its failure if any.</summary>
    private void End(Exception? failure)
    {
        if (_ended || _started == 0)
        {
            return;
        }

        _ended = true;
        FlowMeter.Active.Add(-1, _name);
        var seconds = Stopwatch.GetElapsedTime(_started).TotalSeconds;
        if (failure is null)
        {
            FlowMeter.Duration.Record(seconds, _name);
            return;
        }

        var errorType = new KeyValuePair<string, object?>("error.type", failure.GetType().FullName);
        FlowMeter.Duration.Record(seconds, _name, errorType);
        FlowMeter.Errors.Add(1, _name, errorType);
    }

    /// <summary>Between the source and the flow's sink: counts items, and ends the measurement on the end signal or
    /// on a delivery that failed.</summary>
    private sealed class MeteringSink(MeteredSource<T> owner) : ISink<T>
    {
        public ISink<T> Downstream { get; set; } = null!;

        public ValueTask RunAsync(T item, CancellationToken cancellationToken = default)
        {
            FlowMeter.Items.Add(1, owner._name);
            ValueTask delivery;
            try
            {
                delivery = Downstream.RunAsync(item, cancellationToken);
            }
            catch (Exception failure)
            {
                // A sink that throws instead of returning a faulted task fails the flow all the same.
                owner.End(failure);
                throw;
            }

            return delivery.IsCompletedSuccessfully ? delivery : WatchAsync(delivery);
        }

        public ValueTask CompleteAsync(CancellationToken cancellationToken = default)
        {
            owner.End(failure: null);
            return Downstream.CompleteAsync(cancellationToken);
        }

        public ValueTask AbortAsync(Exception problem)
        {
            owner.End(problem);
            return Downstream.AbortAsync(problem);
        }

        private async ValueTask WatchAsync(ValueTask delivery)
        {
            try
            {
                await delivery.ConfigureAwait(false);
            }
            catch (Exception failure)
            {
                owner.End(failure);
                throw;
            }
        }
    }
}
