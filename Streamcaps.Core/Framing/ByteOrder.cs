namespace Streamcaps.Framing;

/// <summary>The order of the bytes of a multi-byte number on the wire.</summary>
public enum ByteOrder
{
    /// <summary>Most significant byte first ("network order").</summary>
    BigEndian,

    /// <summary>Least significant byte first.</summary>
    LittleEndian,
}
