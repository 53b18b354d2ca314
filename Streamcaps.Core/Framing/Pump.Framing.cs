using Streamcaps.Framing;
using Streamcaps.Parsing;
using Streamcaps.Text;

namespace Streamcaps;

public static partial class Pump
{
    /// <summary>A pump that cuts bytes into lines ended by <c>\n</c> or <c>\r\n</c>, without their terminators;
    /// see <see cref="LineDecoder"/>. Create one per flow.</summary>
    /// <param name="maxLineLength">The longest line accepted, in bytes; a longer one faults with <see cref="FrameTooLongException"/>.</param>
    public static FrameDecoder Lines(int maxLineLength) => new LineDecoder(maxLineLength);

    /// <summary>A pump that cuts UTF-8 bytes into lines and decodes each to a <see cref="string"/>
    /// (<see cref="LineDecoder"/> then <see cref="Utf8StringDecoder"/>). Create one per flow.</summary>
    /// <param name="maxLineLength">The longest line accepted, in bytes; a longer one faults with <see cref="FrameTooLongException"/>.</param>
    /// <param name="invalidText">What to do with bytes that are not UTF-8.</param>
    public static IPump<ReadOnlyMemory<byte>, string> Utf8Lines(int maxLineLength, InvalidTextHandling invalidText = InvalidTextHandling.Fail) =>
        new LineDecoder(maxLineLength).Then(new Utf8StringDecoder(invalidText));

    /// <summary>A pump that encodes each string as UTF-8 and ends it with a line terminator
    /// (<see cref="Utf8StringEncoder"/> then <see cref="LineEncoder"/>). Create one per flow.</summary>
    /// <param name="maxLineLength">The longest line accepted, in bytes; a longer one faults with <see cref="OutgoingFrameTooLongException"/>.</param>
    /// <param name="terminator">What each line is ended with.</param>
    public static IPump<string, ReadOnlyMemory<byte>> Utf8LineWriter(int maxLineLength, LineTerminator terminator = LineTerminator.LineFeed) =>
        new Utf8StringEncoder().Then(new LineEncoder(maxLineLength, terminator));

    /// <summary>A pump that runs a binary parser written as a state machine; see <see cref="StateMachinePump{TMessage}"/>.</summary>
    /// <param name="machine">The parser, in its initial state.</param>
    /// <param name="maxBytesNeeded">The most bytes any state may ask for at once.</param>
    public static StateMachinePump<TMessage> FromStateMachine<TMessage>(IByteStateMachine<TMessage> machine, int maxBytesNeeded) =>
        new(machine, maxBytesNeeded);
}
