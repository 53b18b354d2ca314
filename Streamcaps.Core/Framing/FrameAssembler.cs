using System.Buffers;

namespace Streamcaps.Framing;

/// <summary>
/// Collects the bytes of a frame that crosses input chunks, in one array rented from
/// <see cref="ArrayPool{T}.Shared"/> and reused for every such frame.
/// </summary>
/// <remarks>
/// A frame handed out by <see cref="TakeFrame"/> is lent to the output: the bytes stay put until the next
/// call that changes the assembler, which the decoder makes only after the delivery completed. Callers
/// bound the growth (each checks its maximum frame length before appending).
/// </remarks>
internal sealed class FrameAssembler
{
    private byte[] _array = [];
    private int _length;
    private bool _frameTaken;

    /// <summary>The number of bytes collected for the frame being assembled.</summary>
    public int Length
    {
        get
        {
            DropTakenFrame();
            return _length;
        }
    }

    /// <summary>The bytes collected so far.</summary>
    public ReadOnlySpan<byte> WrittenSpan
    {
        get
        {
            DropTakenFrame();
            return _array.AsSpan(0, _length);
        }
    }

    /// <summary>Adds <paramref name="bytes"/> to the frame being assembled.</summary>
    public void Append(ReadOnlySpan<byte> bytes)
    {
        DropTakenFrame();
        var needed = _length + bytes.Length;
        if (needed > _array.Length)
        {
            Grow(needed);
        }

        bytes.CopyTo(_array.AsSpan(_length));
        _length = needed;
    }

    /// <summary>Hands out <paramref name="length"/> bytes from <paramref name="start"/> as the finished
    /// frame; the assembler starts a new frame on its next use.</summary>
    public ReadOnlyMemory<byte> TakeFrame(int start, int length)
    {
        _frameTaken = true;
        return _array.AsMemory(start, length);
    }

    /// <summary>Returns the array to the pool. The assembler can be used again afterwards.</summary>
    public void Release()
    {
        var array = _array;
        _array = [];
        _length = 0;
        _frameTaken = false;
        if (array.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(array);
        }
    }

    private void DropTakenFrame()
    {
        if (_frameTaken)
        {
            _frameTaken = false;
            _length = 0;
        }
    }

    private void Grow(int needed)
    {
        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, _array.Length * 2));
        _array.AsSpan(0, _length).CopyTo(larger);
        if (_array.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_array);
        }

        _array = larger;
    }
}
