using System.Diagnostics.CodeAnalysis;

namespace Streamcaps.Internal;

/// <summary>Throws the protocol's errors from small non-inlined methods, so hot paths stay inlinable.
/// Each area adds its own part (<c>ThrowHelper.Framing.cs</c>, ...).</summary>
internal static partial class ThrowHelper
{
    [DoesNotReturn]
    public static void ThrowSinkEnded() =>
        throw new InvalidOperationException("The sink has ended (completed or aborted); it takes no more items.");

    /// <summary>The reader of a buffered pipe closed its end.</summary>
    public static InvalidOperationException PipeReaderClosed() =>
        new("The pipe's reader was closed; it takes no more items.");

    [DoesNotReturn]
    public static void ThrowDeliveryInFlight() =>
        throw new InvalidOperationException("A delivery to this sink is still in flight; await each RunAsync before the next.");

    [DoesNotReturn]
    public static void ThrowSourceCallInFlight() =>
        throw new InvalidOperationException("A call to this source is still in flight; await each RunAsync before the next.");

    [DoesNotReturn]
    public static void ThrowSourceSignalledAfterEnd() =>
        throw new InvalidOperationException("The source delivered an item after it signalled its end.");

    [DoesNotReturn]
    public static void ThrowPumpEndedOutput() =>
        throw new InvalidOperationException("A pump completed or aborted its output; pumps never end their output, whoever applies the pump does.");
}
