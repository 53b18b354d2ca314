using System.Text.Unicode;
using Streamcaps;

namespace HttpServer;

/// <summary>
/// The response writer, as a pump: each <see cref="HttpResponse"/> becomes one chunk (status line, headers,
/// body), built in a buffer the encoder reuses and lent until the delivery completes.
/// </summary>
/// <remarks>A response is immutable, so when the same one is sent again (a server's fixed answers are made
/// once), its head is the same bytes: they stay at the start of the buffer and only the body is copied after
/// them, instead of formatting the status line and headers for every response.</remarks>
internal sealed class HttpResponseEncoder : IPump<HttpResponse, ReadOnlyMemory<byte>>
{
    // The status line and the headers this server writes fit easily; the content type is the only variable text.
    private const int HeadRoom = 256;

    private byte[] _chunk = new byte[1024];

    /// <summary>The response whose head is at the start of <see cref="_chunk"/>, and its length.</summary>
    private HttpResponse? _headOf;
    private int _headLength;

    public ValueTask RunAsync(HttpResponse item, ISink<ReadOnlyMemory<byte>> output, CancellationToken cancellationToken = default)
    {
        if (!ReferenceEquals(item, _headOf))
        {
            _headOf = null;
            Reserve(HeadRoom + item.ContentType.Length, keep: 0);
            var connection = item.KeepAlive ? "" : "Connection: close\r\n";
            if (!Utf8.TryWrite(_chunk, $"HTTP/1.1 {item.StatusCode} {HttpResponse.ReasonPhrase(item.StatusCode)}\r\nContent-Type: {item.ContentType}\r\nContent-Length: {item.Body.Length}\r\n{connection}\r\n", out _headLength))
            {
                return ValueTask.FromException(new InvalidOperationException("The response head did not fit its buffer."));
            }

            _headOf = item;
        }

        Reserve(_headLength + item.Body.Length, keep: _headLength);
        item.Body.Span.CopyTo(_chunk.AsSpan(_headLength));
        return output.RunAsync(_chunk.AsMemory(0, _headLength + item.Body.Length), cancellationToken);
    }

    public ValueTask CompleteAsync(ISink<ReadOnlyMemory<byte>> output, CancellationToken cancellationToken = default) => default;

    /// <summary>Makes the buffer hold at least <paramref name="length"/> bytes, keeping its first <paramref name="keep"/>.</summary>
    private void Reserve(int length, int keep)
    {
        if (length > _chunk.Length)
        {
            var larger = new byte[Math.Max(length, _chunk.Length * 2)];
            _chunk.AsSpan(0, keep).CopyTo(larger);
            _chunk = larger;
        }
    }
}
