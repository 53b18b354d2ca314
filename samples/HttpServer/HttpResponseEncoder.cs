using System.Buffers;
using System.Text.Unicode;
using Streamcaps;

namespace HttpServer;

/// <summary>
/// The response writer, as a pump: each <see cref="HttpResponse"/> becomes one chunk (status line, headers,
/// body), built in a buffer the encoder reuses and lent until the delivery completes.
/// </summary>
internal sealed class HttpResponseEncoder : IPump<HttpResponse, ReadOnlyMemory<byte>>
{
    // The status line and the headers this server writes fit easily; the content type is the only variable text.
    private const int HeadRoom = 256;

    private readonly ArrayBufferWriter<byte> _chunk = new(1024);

    public ValueTask RunAsync(HttpResponse item, ISink<ReadOnlyMemory<byte>> output, CancellationToken cancellationToken = default)
    {
        _chunk.ResetWrittenCount();
        var head = _chunk.GetSpan(HeadRoom + item.ContentType.Length);
        var connection = item.KeepAlive ? "" : "Connection: close\r\n";
        if (!Utf8.TryWrite(head, $"HTTP/1.1 {item.StatusCode} {HttpResponse.ReasonPhrase(item.StatusCode)}\r\nContent-Type: {item.ContentType}\r\nContent-Length: {item.Body.Length}\r\n{connection}\r\n", out var written))
        {
            return ValueTask.FromException(new InvalidOperationException("The response head did not fit its buffer."));
        }

        _chunk.Advance(written);
        _chunk.Write(item.Body.Span);
        return output.RunAsync(_chunk.WrittenMemory, cancellationToken);
    }

    public ValueTask CompleteAsync(ISink<ReadOnlyMemory<byte>> output, CancellationToken cancellationToken = default) => default;
}
