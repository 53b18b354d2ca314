namespace Streamcaps.Compression;

/// <summary>
/// CRC-32 as gzip (RFC 1952), zip and PNG use it: reflected polynomial 0xEDB88320, initial value and final
/// xor 0xFFFFFFFF. The base library has no public CRC-32 (System.IO.Hashing is a separate package), so the
/// gzip reader carries its own: slicing by eight tables, eight bytes per step.
/// </summary>
internal static class Crc32
{
    private const uint Polynomial = 0xEDB88320u;

    // Tables[k][b]: the CRC of byte b followed by k zero bytes; one 8 KiB block, built once.
    private static readonly uint[] Tables = BuildTables();

    /// <summary>The CRC of <paramref name="data"/> appended to data whose CRC was <paramref name="crc"/>
    /// (0 for none).</summary>
    public static uint Append(uint crc, ReadOnlySpan<byte> data)
    {
        var tables = Tables;
        var state = ~crc;
        while (data.Length >= 8)
        {
            var low = state ^ (uint)(data[0] | (data[1] << 8) | (data[2] << 16) | (data[3] << 24));
            var high = (uint)(data[4] | (data[5] << 8) | (data[6] << 16) | (data[7] << 24));
            state = tables[(7 * 256) + (low & 0xFF)] ^ tables[(6 * 256) + ((low >> 8) & 0xFF)]
                ^ tables[(5 * 256) + ((low >> 16) & 0xFF)] ^ tables[(4 * 256) + (low >> 24)]
                ^ tables[(3 * 256) + (high & 0xFF)] ^ tables[(2 * 256) + ((high >> 8) & 0xFF)]
                ^ tables[256 + ((high >> 16) & 0xFF)] ^ tables[high >> 24];
            data = data[8..];
        }

        foreach (var value in data)
        {
            state = tables[(state ^ value) & 0xFF] ^ (state >> 8);
        }

        return ~state;
    }

    private static uint[] BuildTables()
    {
        var tables = new uint[8 * 256];
        for (uint value = 0; value < 256; value++)
        {
            var crc = value;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ Polynomial : crc >> 1;
            }

            tables[value] = crc;
        }

        for (var table = 1; table < 8; table++)
        {
            for (var value = 0; value < 256; value++)
            {
                var previous = tables[((table - 1) * 256) + value];
                tables[(table * 256) + value] = tables[previous & 0xFF] ^ (previous >> 8);
            }
        }

        return tables;
    }
}
