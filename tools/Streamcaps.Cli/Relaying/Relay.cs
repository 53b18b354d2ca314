using Streamcaps.Cli.Addresses;

namespace Streamcaps.Cli.Relaying;

/// <summary>Runs the flows between two opened ends: first to second and second to first, each through its
/// pumps. A clean end of one direction is carried across (FIN becomes FIN) and the other goes on; the first
/// failure of either ends both (a reset becomes a reset) and is what the relay reports.</summary>
internal sealed class Relay
{
    /// <summary>How long the flows of a stopped relay may take to notice before the relay ends without them.</summary>
    private static readonly TimeSpan CancelGrace = TimeSpan.FromSeconds(2);

    private readonly RelayOptions _options;
    private readonly Traffic _traffic;
    private Exception? _firstFailure;

    public Relay(RelayOptions options, Traffic traffic)
    {
        _options = options;
        _traffic = traffic;
    }

    /// <summary>Relays until both directions ended. Returns normally when every direction ended cleanly;
    /// otherwise throws what failed first (<see cref="TimeoutException"/> for the idle timeout,
    /// <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> stopped it).</summary>
    public async Task RunAsync(RelayEnd first, RelayEnd second, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var flows = new List<Task>(2);
        if (_options.Directions != RelayDirections.BackwardOnly && first.Source is { } forwardSource && second.Sink is { } forwardSink)
        {
            flows.Add(RunDirectionAsync(DirectionPumps.Apply(forwardSource, _options, _traffic, forward: true), forwardSink, stop));
        }

        if (_options.Directions != RelayDirections.ForwardOnly && second.Source is { } backwardSource && first.Sink is { } backwardSink)
        {
            flows.Add(RunDirectionAsync(DirectionPumps.Apply(backwardSource, _options, _traffic, forward: false), backwardSink, stop));
        }

        if (flows.Count == 0)
        {
            throw new UsageException($"nothing to relay: {first.Name} cannot be read toward {second.Name}, nor the other way");
        }

        var idle = _options.IdleTimeout is { } timeout ? WatchIdleAsync(timeout, stop) : Task.CompletedTask;
        var all = Task.WhenAll(flows);
        try
        {
            await all.WaitAsync(stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!all.IsCompleted)
        {
            // Stopped by a failure, the idle timeout or a signal. A flow blocked in a read that cannot be cancelled
            // (standard input is one) must not keep the relay from ending: it gets a grace period, no more.
            await Task.WhenAny(all, Task.Delay(CancelGrace, CancellationToken.None)).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            throw _firstFailure ?? new OperationCanceledException(stop.Token);
        }
        catch (Exception) when (_firstFailure is not null)
        {
            throw _firstFailure;
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await idle.ConfigureAwait(false);
        }
    }

    private async Task RunDirectionAsync(ISource<ReadOnlyMemory<byte>> source, ISink<ReadOnlyMemory<byte>> sink, CancellationTokenSource stop)
    {
        try
        {
            await Flow.RunAsync(source, new CauseRecordingSink(sink, this), stop.Token).ConfigureAwait(false);
        }
        catch (Exception failure)
        {
            // What failed first is the story; the other direction's cancellation is only its consequence.
            if (failure is not OperationCanceledException || !stop.IsCancellationRequested)
            {
                RecordFailure(failure);
            }

            await stop.CancelAsync().ConfigureAwait(false);
            throw;
        }
    }

    private void RecordFailure(Exception failure) => Interlocked.CompareExchange(ref _firstFailure, failure, null);

    /// <summary>Records why a direction's source failed the moment the flow aborts the sink with it: the abort
    /// resets the far connection, whose other direction then fails with an aborted operation that would
    /// otherwise race to be reported as the cause.</summary>
    private sealed class CauseRecordingSink(ISink<ReadOnlyMemory<byte>> sink, Relay relay) : ISink<ReadOnlyMemory<byte>>
    {
        public ValueTask RunAsync(ReadOnlyMemory<byte> item, CancellationToken cancellationToken = default) => sink.RunAsync(item, cancellationToken);

        public ValueTask CompleteAsync(CancellationToken cancellationToken = default) => sink.CompleteAsync(cancellationToken);

        public ValueTask AbortAsync(Exception problem)
        {
            if (problem is not OperationCanceledException)
            {
                relay.RecordFailure(problem);
            }

            return sink.AbortAsync(problem);
        }
    }

    private async Task WatchIdleAsync(TimeSpan timeout, CancellationTokenSource stop)
    {
        var limit = (long)timeout.TotalMilliseconds;
        try
        {
            while (true)
            {
                var left = limit - _traffic.IdleMilliseconds;
                if (left <= 0)
                {
                    RecordFailure(new TimeoutException($"nothing moved either way for {timeout.TotalSeconds:0.###} s (--idle-timeout)"));
                    await stop.CancelAsync().ConfigureAwait(false);
                    return;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(left), stop.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The relay ended first.
        }
    }
}
