namespace Streamcaps.Brokers.Acknowledgement;

/// <summary>What a broker source does after a delivery faulted and the message was handed back (nak) or
/// dead-lettered.</summary>
public enum DeliveryFailureMode
{
    /// <summary>The default: the source's call faults with the delivery's problem, so the flow fails. The
    /// message was handed back first, so it is not lost.</summary>
    FailFlow,

    /// <summary>The source swallows the problem and goes on with the next message, so one bad message does not
    /// stop a worker. Only for sinks that stay usable after a faulted delivery.</summary>
    Continue,
}
