namespace Streamcaps;

/// <summary>How a buffered pipe (<see cref="BufferedPipe.Create{T}"/>) holds items between its writer and reader.</summary>
/// <remarks>Named apart from <c>System.IO.Pipelines.PipeOptions</c>, whose pipe holds bytes, not items.</remarks>
public sealed class BufferOptions
{
    /// <summary>The defaults: 64 items, <see cref="OverflowMode.Wait"/>.</summary>
    public static BufferOptions Default { get; } = new();

    /// <summary>How many items the buffer holds before <see cref="Overflow"/> applies. At least 1; 64 by default.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public int Capacity
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            field = value;
        }
    } = 64;

    /// <summary>What a delivery that finds the buffer full does; <see cref="OverflowMode.Wait"/> by default.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not an <see cref="OverflowMode"/>.</exception>
    public OverflowMode Overflow
    {
        get;
        init
        {
            if (!Enum.IsDefined(value))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "Not an OverflowMode.");
            }

            field = value;
        }
    } = OverflowMode.Wait;
}
