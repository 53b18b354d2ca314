using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Streamcaps;

namespace HttpServer;

/// <summary>
/// The request parser, as a pump: bytes in, <see cref="HttpRequest"/>s out. It finds the head (request line
/// and headers, up to the blank line) within <see cref="HttpLimits.MaxHeaderBytes"/>, then takes a
/// Content-Length body within <see cref="HttpLimits.MaxBodyBytes"/>. Requests may be pipelined and may be
/// split anywhere across chunks. After a request that closes the connection, further bytes are ignored.
/// </summary>
/// <remarks>Malformed input faults with <see cref="BadHttpRequestException"/> carrying the status to answer.</remarks>
internal sealed class HttpRequestDecoder(HttpLimits limits) : IPump<ReadOnlyMemory<byte>, HttpRequest>
{
    private static readonly byte[] EndOfHead = "\r\n\r\n"u8.ToArray();

    private byte[] _held = [];
    private int _heldLength;
    private (HttpRequest Request, int Received)? _body;
    private bool _closed;

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask RunAsync(ReadOnlyMemory<byte> item, ISink<HttpRequest> output, CancellationToken cancellationToken = default)
    {
        while (TryDecode(ref item, out var request))
        {
            await output.RunAsync(request, cancellationToken).ConfigureAwait(false);
        }
    }

    public ValueTask CompleteAsync(ISink<HttpRequest> output, CancellationToken cancellationToken = default)
    {
        var truncated = !_closed && (_heldLength > 0 || _body is not null);
        if (_held.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_held);
            _held = [];
        }

        return truncated
            ? ValueTask.FromException(new BadHttpRequestException(400, "The connection ended in the middle of a request."))
            : default;
    }

    private bool TryDecode(ref ReadOnlyMemory<byte> input, out HttpRequest request)
    {
        request = null!;
        if (_closed || input.IsEmpty)
        {
            input = default;
            return false;
        }

        if (_body is { } body)
        {
            return TakeBody(body.Request, body.Received, ref input, out request);
        }

        // The head is parsed straight from the chunk when it lies inside it, else from the held bytes.
        int headEnd;
        if (_heldLength == 0 && (headEnd = input.Span.IndexOf(EndOfHead)) >= 0)
        {
            request = ParseHead(input.Span[..headEnd]);
            input = input[(headEnd + EndOfHead.Length)..];
        }
        else
        {
            var searchFrom = Math.Max(0, _heldLength - (EndOfHead.Length - 1));
            var take = Math.Min(input.Length, limits.MaxHeaderBytes + EndOfHead.Length - _heldLength);
            Hold(input.Span[..take]);
            var found = _held.AsSpan(searchFrom, _heldLength - searchFrom).IndexOf(EndOfHead);
            if (found < 0)
            {
                if (_heldLength >= limits.MaxHeaderBytes + EndOfHead.Length)
                {
                    throw new BadHttpRequestException(431, $"The request head is longer than {limits.MaxHeaderBytes} bytes.");
                }

                input = input[take..];
                return false;
            }

            headEnd = searchFrom + found;
            var consumed = headEnd + EndOfHead.Length - (_heldLength - take);
            request = ParseHead(_held.AsSpan(0, headEnd));
            _heldLength = 0;
            input = input[consumed..];
        }

        if (request.Body.Length > 0)
        {
            return TakeBody(request, 0, ref input, out request);
        }

        _closed = !request.KeepAlive;
        return true;
    }

    /// <summary>Copies body bytes into the request's body array until it is full.</summary>
    private bool TakeBody(HttpRequest pending, int received, ref ReadOnlyMemory<byte> input, out HttpRequest request)
    {
        var count = Math.Min(pending.Body.Length - received, input.Length);
        input.Span[..count].CopyTo(pending.Body.AsSpan(received));
        input = input[count..];
        received += count;
        if (received < pending.Body.Length)
        {
            _body = (pending, received);
            request = null!;
            return false;
        }

        _body = null;
        _closed = !pending.KeepAlive;
        request = pending;
        return true;
    }

    private HttpRequest ParseHead(ReadOnlySpan<byte> head)
    {
        if (head.Length > limits.MaxHeaderBytes)
        {
            throw new BadHttpRequestException(431, $"The request head is longer than {limits.MaxHeaderBytes} bytes.");
        }

        var lineEnd = head.IndexOf("\r\n"u8);
        var requestLine = lineEnd < 0 ? head : head[..lineEnd];
        var (method, target, isHttp11) = ParseRequestLine(requestLine);

        var headers = new List<KeyValuePair<string, string>>();
        var rest = lineEnd < 0 ? [] : head[(lineEnd + 2)..];
        while (!rest.IsEmpty)
        {
            var end = rest.IndexOf("\r\n"u8);
            var line = end < 0 ? rest : rest[..end];
            rest = end < 0 ? [] : rest[(end + 2)..];
            var colon = line.IndexOf((byte)':');
            if (colon <= 0 || line[..colon].ContainsAny((byte)' ', (byte)'\t') || !Ascii.IsValid(line))
            {
                throw new BadHttpRequestException(400, "A header line is malformed.");
            }

            headers.Add(new(Encoding.ASCII.GetString(line[..colon]), Encoding.ASCII.GetString(line[(colon + 1)..].Trim(" \t"u8))));
        }

        var request = new HttpRequest(method, target, isHttp11, headers, []);
        if (request.Header("Transfer-Encoding") is not null)
        {
            throw new BadHttpRequestException(501, "Transfer-Encoding bodies are not supported; send Content-Length.");
        }

        return request.Header("Content-Length") is { } length ? request with { Body = new byte[ParseContentLength(length)] } : request;
    }

    private static (string Method, string Target, bool IsHttp11) ParseRequestLine(ReadOnlySpan<byte> line)
    {
        var firstSpace = line.IndexOf((byte)' ');
        var lastSpace = line.LastIndexOf((byte)' ');
        if (firstSpace <= 0 || lastSpace <= firstSpace + 1 || !Ascii.IsValid(line))
        {
            throw new BadHttpRequestException(400, "The request line is malformed.");
        }

        var version = line[(lastSpace + 1)..];
        var isHttp11 = version.SequenceEqual("HTTP/1.1"u8);
        if (!isHttp11 && !version.SequenceEqual("HTTP/1.0"u8))
        {
            throw new BadHttpRequestException(version.StartsWith("HTTP/"u8) ? 505 : 400, "The request line does not end with HTTP/1.1 or HTTP/1.0.");
        }

        var target = line[(firstSpace + 1)..lastSpace];
        if (target.Contains((byte)' ') || target[0] != '/')
        {
            throw new BadHttpRequestException(400, "The request target is malformed.");
        }

        return (Known(line[..firstSpace]), Known(target), isHttp11);
    }

    /// <summary>The common methods and the root target without a new string each time.</summary>
    private static string Known(ReadOnlySpan<byte> token) => token switch
    {
        [(byte)'/'] => "/",
        [(byte)'G', (byte)'E', (byte)'T'] => "GET",
        [(byte)'P', (byte)'O', (byte)'S', (byte)'T'] => "POST",
        _ => Encoding.ASCII.GetString(token),
    };

    private int ParseContentLength(string value)
    {
        if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var length))
        {
            throw new BadHttpRequestException(400, "The Content-Length is not a number.");
        }

        if (length > limits.MaxBodyBytes)
        {
            throw new BadHttpRequestException(413, $"The body of {length} bytes is larger than {limits.MaxBodyBytes} bytes.");
        }

        return (int)length;
    }

    private void Hold(ReadOnlySpan<byte> bytes)
    {
        if (_heldLength + bytes.Length > _held.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_heldLength + bytes.Length, 1024));
            _held.AsSpan(0, _heldLength).CopyTo(larger);
            if (_held.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(_held);
            }

            _held = larger;
        }

        bytes.CopyTo(_held.AsSpan(_heldLength));
        _heldLength += bytes.Length;
    }
}
