namespace Streamcaps;

/// <summary>What a buffered pipe does with a delivery that finds its buffer full.</summary>
public enum OverflowMode
{
    /// <summary>The delivery waits until the reader made room: real backpressure, nothing is lost.</summary>
    Wait,

    /// <summary>The oldest buffered item is dropped to make room; the delivery completes at once.</summary>
    DropOldest,

    /// <summary>The delivered item itself (the newest) is dropped; the buffer keeps what it had and the
    /// delivery completes at once.</summary>
    DropNewest,

    /// <summary>The delivery faults with <see cref="BufferOverflowException"/>; the item is not taken and
    /// the buffer keeps what it had.</summary>
    Fail,
}
