namespace Streamcaps.Load;

/// <summary>
/// The bytes a client sends: byte <c>p</c> of a connection's stream is <c>p % 251</c>. A prime period catches a
/// lost, repeated or reordered chunk at any offset, and the pattern is a precomputed table, so sending is
/// a slice of it and verifying a plain comparison that cost every server the same.
/// </summary>
internal static class EchoPattern
{
    private const int Period = 251;
    private static readonly byte[] s_table = CreateTable(1024 * 1024 + Period);

    /// <summary>The pattern from stream position <paramref name="position"/> on, <paramref name="length"/> bytes long
    /// (at most 1 MiB): a slice of the table, which a client sends as it is.</summary>
    public static ReadOnlyMemory<byte> At(long position, int length) => s_table.AsMemory((int)(position % Period), length);

    /// <summary>Throws when <paramref name="received"/> is not the pattern at <paramref name="position"/>.</summary>
    public static void Verify(ReadOnlySpan<byte> received, long position)
    {
        if (!received.SequenceEqual(At(position, received.Length).Span))
        {
            throw new InvalidDataException($"Echoed bytes differ from what was sent, within {received.Length} bytes at stream position {position}.");
        }
    }

    private static byte[] CreateTable(int length)
    {
        var table = new byte[length];
        for (var i = 0; i < table.Length; i++)
        {
            table[i] = (byte)(i % Period);
        }

        return table;
    }
}
