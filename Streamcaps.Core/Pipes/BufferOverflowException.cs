namespace Streamcaps;

/// <summary>A delivery found a buffer full whose <see cref="OverflowMode"/> is <see cref="OverflowMode.Fail"/>.</summary>
public sealed class BufferOverflowException : Exception
{
    /// <summary>Creates the exception with a message naming the full buffer's capacity.</summary>
    public BufferOverflowException(int capacity)
        : base($"The buffer is full ({capacity} items, the Capacity option) and its OverflowMode is Fail.") =>
        Capacity = capacity;

    /// <summary>Creates the exception with a message.</summary>
    public BufferOverflowException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public BufferOverflowException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the failure that caused it.</summary>
    public BufferOverflowException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The capacity of the buffer that was full, when known.</summary>
    public int Capacity { get; }
}
