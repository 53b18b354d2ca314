namespace Streamcaps.Parsing;

/// <summary>
/// A binary parser written as a state machine (Monte's <c>fromStateMachine</c>): the current state declares
/// how many bytes it needs, gets exactly those bytes, moves to the next state and emits zero or more
/// messages. <see cref="StateMachinePump{TMessage}"/> runs it over a byte stream, so the parser never sees a
/// chunk boundary.
/// </summary>
/// <typeparam name="TMessage">The parsed messages.</typeparam>
/// <remarks>
/// Keep the state in the machine's own fields (an enum and the numbers read so far) and the machine
/// allocates nothing per message. A machine belongs to one flow.
/// </remarks>
public interface IByteStateMachine<TMessage>
{
    /// <summary>How many bytes the current state needs: at least 1, and at most the pump's
    /// <see cref="StateMachinePump{TMessage}.MaxBytesNeeded"/>.</summary>
    int BytesNeeded { get; }

    /// <summary>Consumes exactly <see cref="BytesNeeded"/> bytes and moves to the next state.</summary>
    /// <param name="bytes">The bytes; valid only during the call (copy what you keep).</param>
    /// <param name="messages">Where to add the messages these bytes complete, in order.</param>
    /// <exception cref="Framing.FramingException">Or any exception: the bytes are malformed; the flow faults with it.</exception>
    void Advance(ReadOnlySpan<byte> bytes, ICollection<TMessage> messages);

    /// <summary>Told that the input ended, with the bytes received for the current state (fewer than it
    /// needs, possibly none): adds what is left as messages, or throws when the input ended mid-message.</summary>
    /// <exception cref="Framing.TruncatedFrameException">Or any exception: the input ended where it must not.</exception>
    void Finish(ReadOnlySpan<byte> leftover, ICollection<TMessage> messages);
}
