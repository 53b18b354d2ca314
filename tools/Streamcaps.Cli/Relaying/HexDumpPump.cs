using System.Text;

namespace Streamcaps.Cli.Relaying;

/// <summary>Writes every chunk of one direction to a text writer (stderr) as a hex dump, as <c>socat -x</c> does,
/// and passes it on unchanged: <c>&gt;</c> marks data from the first address, <c>&lt;</c> data from the second.</summary>
internal sealed class HexDumpPump(TextWriter writer, char direction) : IPump<ReadOnlyMemory<byte>, ReadOnlyMemory<byte>>
{
    private const int BytesPerRow = 16;
    private long _offset;

    public async ValueTask RunAsync(ReadOnlyMemory<byte> item, ISink<ReadOnlyMemory<byte>> output, CancellationToken cancellationToken = default)
    {
        await writer.WriteAsync(Format(item.Span)).ConfigureAwait(false);
        _offset += item.Length;
        await output.RunAsync(item, cancellationToken).ConfigureAwait(false);
    }

    public ValueTask CompleteAsync(ISink<ReadOnlyMemory<byte>> output, CancellationToken cancellationToken = default) => default;

    /// <summary>A header line (<c>&gt; length=N from=A to=B</c>), then rows of 16 bytes: hex, then the printable
    /// ASCII with a dot for everything else.</summary>
    public string Format(ReadOnlySpan<byte> chunk)
    {
        var text = new StringBuilder();
        text.Append(direction).Append(" length=").Append(chunk.Length)
            .Append(" from=").Append(_offset).Append(" to=").Append(_offset + chunk.Length - 1).Append('\n');
        for (var row = 0; row < chunk.Length; row += BytesPerRow)
        {
            var bytes = chunk.Slice(row, Math.Min(BytesPerRow, chunk.Length - row));
            text.Append(' ');
            foreach (var b in bytes)
            {
                text.Append(' ').Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            }

            text.Append(' ', ((BytesPerRow - bytes.Length) * 3) + 2);
            foreach (var b in bytes)
            {
                text.Append(b is >= 0x20 and < 0x7f ? (char)b : '.');
            }

            text.Append('\n');
        }

        return text.ToString();
    }
}
