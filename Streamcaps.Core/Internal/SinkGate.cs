namespace Streamcaps.Internal;

/// <summary>
/// A sink's lifecycle: open, one delivery in flight, or ended. It rejects a delivery after the end and a
/// second delivery while one is in flight with <see cref="InvalidOperationException"/> (DESIGN rules 1 and 2).
/// </summary>
/// <remarks>
/// Plain fields, not interlocked ones: the gate catches protocol misuse (a caller that does not await),
/// which is sequential; sinks are not meant to be shared between threads racing on the same instant.
/// Keep it in a field (not a readonly one) of the sink it guards.
/// </remarks>
internal struct SinkGate
{
    private const byte Open = 0;
    private const byte Delivering = 1;
    private const byte Ended = 2;

    private byte _state;

    /// <summary>Whether <see cref="TryEnd"/> has been called.</summary>
    public readonly bool IsEnded => _state == Ended;

    /// <summary>Marks a delivery as started, or throws when the sink ended or a delivery is in flight.</summary>
    public void Enter()
    {
        if (_state != Open)
        {
            ThrowNotOpen();
        }

        _state = Delivering;
    }

    /// <summary>Marks the delivery started by <see cref="Enter"/> as finished (unless the sink ended meanwhile).</summary>
    public void Exit()
    {
        if (_state == Delivering)
        {
            _state = Open;
        }
    }

    /// <summary>Ends the sink. Returns <see langword="true"/> the first time only, so a second
    /// Complete or Abort can return at once.</summary>
    public bool TryEnd()
    {
        if (_state == Ended)
        {
            return false;
        }

        _state = Ended;
        return true;
    }

    private readonly void ThrowNotOpen()
    {
        if (_state == Ended)
        {
            ThrowHelper.ThrowSinkEnded();
        }

        ThrowHelper.ThrowDeliveryInFlight();
    }
}
