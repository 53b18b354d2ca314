namespace Streamcaps.Tests.Support;

/// <summary>
/// A <see cref="TimeProvider"/> whose clock moves only when a test calls <see cref="Advance"/>, firing the
/// timers that fall due on the way, in order. Tests of time-based operators use it to be deterministic: wait
/// until the operator armed a timer (<see cref="WaitForTimersAsync"/>), then advance the clock.
/// </summary>
public sealed class ManualTimeProvider : TimeProvider
{
    private readonly Lock _lock = new();
    private readonly List<ManualTimer> _timers = [];
    private TaskCompletionSource _armed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private DateTimeOffset _now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock)
        {
            return _now;
        }
    }

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>How many timers are armed (due at some future time) right now.</summary>
    public int ArmedTimers
    {
        get
        {
            lock (_lock)
            {
                return _timers.Count;
            }
        }
    }

    /// <summary>Completes once at least <paramref name="count"/> timers are armed.</summary>
    public async Task WaitForTimersAsync(int count = 1)
    {
        while (true)
        {
            Task armed;
            lock (_lock)
            {
                if (_timers.Count >= count)
                {
                    return;
                }

                armed = _armed.Task;
            }

            await armed;
        }
    }

    /// <summary>Moves the clock forward by <paramref name="by"/>, firing every timer due on the way at its due time.</summary>
    public void Advance(TimeSpan by)
    {
        DateTimeOffset target;
        lock (_lock)
        {
            target = _now + by;
        }

        while (true)
        {
            ManualTimer? due;
            lock (_lock)
            {
                due = _timers.Where(t => t.Due <= target).MinBy(t => t.Due);
                if (due is null)
                {
                    _now = target;
                    return;
                }

                _now = due.Due;
                due.Rearm(_timers);
            }

            due.Fire();
        }
    }

    private void Schedule(ManualTimer timer, TimeSpan dueTime)
    {
        TaskCompletionSource? armed = null;
        lock (_lock)
        {
            _timers.Remove(timer);
            if (dueTime != Timeout.InfiniteTimeSpan)
            {
                timer.Due = _now + dueTime;
                _timers.Add(timer);
                armed = _armed;
                _armed = new(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }

        armed?.TrySetResult();
    }

    private void Remove(ManualTimer timer)
    {
        lock (_lock)
        {
            _timers.Remove(timer);
        }
    }

    private sealed class ManualTimer(ManualTimeProvider clock, TimerCallback callback, object? state) : ITimer
    {
        private TimeSpan _period = Timeout.InfiniteTimeSpan;

        public DateTimeOffset Due { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            _period = period;
            clock.Schedule(this, dueTime);
            return true;
        }

        /// <summary>Called under the clock's lock when the timer fires: periodic timers stay armed for their next period.</summary>
        public void Rearm(List<ManualTimer> timers)
        {
            if (_period == Timeout.InfiniteTimeSpan || _period == TimeSpan.Zero)
            {
                timers.Remove(this);
            }
            else
            {
                Due += _period;
            }
        }

        public void Fire() => callback(state);

        public void Dispose() => clock.Remove(this);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return default;
        }
    }
}
