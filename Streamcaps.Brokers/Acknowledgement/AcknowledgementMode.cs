namespace Streamcaps.Brokers.Acknowledgement;

/// <summary>When a broker source acknowledges a message.</summary>
public enum AcknowledgementMode
{
    /// <summary>The default: the source acknowledges a message when the task of its delivery completed, and
    /// handles a faulted delivery (nak, dead letter) itself. End-to-end at-least-once as long as every stage
    /// downstream finishes a delivery only when the item is safe (see the README's "Beyond one machine").</summary>
    AfterDelivery,

    /// <summary>The source never acknowledges: the code that finishes the work calls
    /// <see cref="IAcknowledgeable.AckAsync"/> (for instance after a batch was written, see
    /// <see cref="AcknowledgingSink"/>, or when a pipelined publish was acknowledged). A message nobody
    /// acknowledges is delivered again after the broker's acknowledgement wait.</summary>
    Manual,
}
