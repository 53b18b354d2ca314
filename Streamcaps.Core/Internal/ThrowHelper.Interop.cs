using System.Diagnostics.CodeAnalysis;

namespace Streamcaps.Internal;

internal static partial class ThrowHelper
{
    [DoesNotReturn]
    public static void ThrowReadInFlight() =>
        throw new InvalidOperationException("A read is still in flight; await each ReadAsync before the next.");

    [DoesNotReturn]
    public static void ThrowEndOfSource(int received, int expected) =>
        throw new EndOfStreamException(
            $"The source ended after {received} of the {expected} bytes that were to be read exactly.");
}
