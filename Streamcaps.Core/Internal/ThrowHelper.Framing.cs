using System.Diagnostics.CodeAnalysis;
using Streamcaps.Framing;

namespace Streamcaps.Internal;

internal static partial class ThrowHelper
{
    [DoesNotReturn]
    public static void ThrowFrameTooLong(long frameLength, long maxFrameLength, bool lengthIsExact) =>
        throw new FrameTooLongException(frameLength, maxFrameLength, lengthIsExact);

    [DoesNotReturn]
    public static void ThrowOutgoingFrameTooLong(long frameLength, long maxFrameLength) =>
        throw new OutgoingFrameTooLongException(frameLength, maxFrameLength);

    [DoesNotReturn]
    public static void ThrowTruncatedFrame(int receivedLength, string expected) =>
        throw new TruncatedFrameException(receivedLength, expected);

    [DoesNotReturn]
    public static void ThrowInvalidLengthPrefix(Int128 lengthPrefix, string reason) =>
        throw new InvalidLengthPrefixException(lengthPrefix, reason);

    [DoesNotReturn]
    public static void ThrowFrameContainsDelimiter(string paramName) =>
        throw new ArgumentException("The frame contains the delimiter that ends frames, so the receiver would split it; escape or length-prefix such data instead.", paramName);

    [DoesNotReturn]
    public static void ThrowLineEndsWithCarriageReturn(string paramName) =>
        throw new ArgumentException("The line ends with '\\r', which the receiver would take for part of its terminator.", paramName);

    [DoesNotReturn]
    public static void ThrowStateNeedsNoBytes(int bytesNeeded) =>
        throw new InvalidOperationException($"The state machine's current state needs {bytesNeeded} bytes; every state must need at least one.");
}
