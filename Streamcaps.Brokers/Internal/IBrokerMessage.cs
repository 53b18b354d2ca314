using Streamcaps.Brokers.Acknowledgement;

namespace Streamcaps.Brokers.Internal;

/// <summary>A received message as the shared delivery code sees it: acknowledgeable, with the broker's count of
/// its deliveries. The count is read only when a decision needs it (a failure, a delivery limit), because a
/// broker may have to parse it out of the envelope (JetStream's reply subject).</summary>
internal interface IBrokerMessage : IAcknowledgeable
{
    /// <summary>How many times the broker has handed the message out, this time included (1 on the first).</summary>
    ulong DeliveryCount { get; }
}
