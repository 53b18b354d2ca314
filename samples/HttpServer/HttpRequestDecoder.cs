using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Streamcaps;

namespace HttpServer;

/// <summary>
/// The request parser, as a pump: bytes in, <see cref="HttpRequest"/>s out. It finds the head (request line
/// and headers, up to the blank line) within <see cref="HttpLimits.MaxHeaderBytes"/> and
/// <see cref="HttpLimits.HeaderTimeout"/>, then takes a Content-Length body within
/// <see cref="HttpLimits.MaxBodyBytes"/>. Requests may be pipelined and may be split anywhere across chunks.
/// After a request that closes the connection, further bytes are ignored.
/// </summary>
/// <remarks>
/// <para>Malformed input faults with <see cref="BadHttpRequestException"/> carrying the status to answer, as
/// soon as it shows: a head is checked byte by byte as it arrives, so a bare LF, a bare CR, a control byte or
/// a request line that is not one is refused at once rather than when the head ends (which garbage never does).</para>
/// <para>Shapes that let two parsers disagree on where a request ends (request smuggling) are refused with 400:
/// Transfer-Encoding together with Content-Length, Content-Length values that differ, a missing or repeated
/// Host in HTTP/1.1, whitespace before a header's colon.</para>
/// </remarks>
internal sealed class HttpRequestDecoder(HttpLimits limits, TimeProvider? time = null) : IPump<ReadOnlyMemory<byte>, HttpRequest>
{
    private static readonly byte[] EndOfHead = "\r\n\r\n"u8.ToArray();

    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private byte[] _held = [];
    private int _heldLength;

    /// <summary>How many held head bytes were checked already.</summary>
    private int _checked;

    /// <summary>Whether the held head's request line was complete and checked.</summary>
    private bool _requestLineChecked;

    /// <summary>When the first byte of the head being held arrived.</summary>
    private long _headStarted;
    private (HttpRequest Request, int Received)? _body;
    private bool _closed;

    /// <summary>The header lines of the previous request on this connection, as they arrived, and what they
    /// were parsed into: a client sends the same headers again and again on a keep-alive connection (Kestrel
    /// reuses repeated header values too), so an identical block costs a comparison instead of a parse and
    /// its strings. The array is never changed after it is made, so requests can share it.</summary>
    private byte[] _previousHeaderBlock = [];
    private int _previousHeaderBlockLength;
    private KeyValuePair<string, string>[] _previousHeaders = [];

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask RunAsync(ReadOnlyMemory<byte> item, ISink<HttpRequest> output, CancellationToken cancellationToken = default)
    {
        while (TryDecode(ref item, out var request))
        {
            await output.RunAsync(request, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Whether no request is in progress: nothing of a next request has arrived yet.</summary>
    public bool IsBetweenRequests => _heldLength == 0 && _body is null;

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
            if (_heldLength == 0)
            {
                _headStarted = _time.GetTimestamp();
            }

            Hold(input.Span[..take]);
            var found = _held.AsSpan(searchFrom, _heldLength - searchFrom).IndexOf(EndOfHead);
            if (found < 0)
            {
                CheckHeadSoFar();
                if (_heldLength >= limits.MaxHeaderBytes + EndOfHead.Length)
                {
                    throw new BadHttpRequestException(431, $"The request head is longer than {limits.MaxHeaderBytes} bytes.");
                }

                if (_time.GetElapsedTime(_headStarted) > limits.HeaderTimeout)
                {
                    throw new BadHttpRequestException(408, $"The request head did not arrive within {limits.HeaderTimeout.TotalSeconds:0.###} s.");
                }

                input = input[take..];
                return false;
            }

            headEnd = searchFrom + found;
            var consumed = headEnd + EndOfHead.Length - (_heldLength - take);
            request = ParseHead(_held.AsSpan(0, headEnd));
            _heldLength = 0;
            _checked = 0;
            _requestLineChecked = false;
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

        var headers = Headers(lineEnd < 0 ? [] : head[(lineEnd + 2)..]);
        var request = new HttpRequest(method, target, isHttp11, headers, []);
        CheckHost(request);
        var length = SingleContentLength(request);
        if (request.Header("Transfer-Encoding") is not null)
        {
            throw length is null
                ? new BadHttpRequestException(501, "Transfer-Encoding bodies are not supported; send Content-Length.")
                : new BadHttpRequestException(400, "The request has both Transfer-Encoding and Content-Length.");
        }

        return length is { } value ? request with { Body = new byte[ParseContentLength(value)] } : request;
    }

    /// <summary>The header lines parsed, or the previous request's headers when the lines are the same bytes.</summary>
    private KeyValuePair<string, string>[] Headers(ReadOnlySpan<byte> block)
    {
        if (block.SequenceEqual(_previousHeaderBlock.AsSpan(0, _previousHeaderBlockLength)))
        {
            return _previousHeaders;
        }

        var headers = ParseHeaders(block);
        if (block.Length > _previousHeaderBlock.Length)
        {
            _previousHeaderBlock = new byte[block.Length];
        }

        block.CopyTo(_previousHeaderBlock);
        _previousHeaderBlockLength = block.Length;
        _previousHeaders = headers;
        return headers;
    }

    private static KeyValuePair<string, string>[] ParseHeaders(ReadOnlySpan<byte> block)
    {
        var headers = new KeyValuePair<string, string>[block.IsEmpty ? 0 : block.Count("\r\n"u8) + 1];
        for (var i = 0; i < headers.Length; i++)
        {
            var end = block.IndexOf("\r\n"u8);
            var line = end < 0 ? block : block[..end];
            block = end < 0 ? [] : block[(end + 2)..];
            var colon = line.IndexOf((byte)':');
            if (colon <= 0 || line[..colon].ContainsAny((byte)' ', (byte)'\t') || !Ascii.IsValid(line))
            {
                throw new BadHttpRequestException(400, "A header line is malformed.");
            }

            if (HasControlByte(line))
            {
                throw new BadHttpRequestException(400, "A header line holds a control character (NUL, a bare CR or LF).");
            }

            headers[i] = new(Encoding.ASCII.GetString(line[..colon]), Encoding.ASCII.GetString(line[(colon + 1)..].Trim(" \t"u8)));
        }

        return headers;
    }

    /// <summary>HTTP/1.1 needs exactly one Host; HTTP/1.0 at most one.</summary>
    private static void CheckHost(HttpRequest request)
    {
        var hosts = 0;
        for (var i = 0; i < request.Headers.Count; i++)
        {
            hosts += string.Equals(request.Headers[i].Key, "Host", StringComparison.OrdinalIgnoreCase) ? 1 : 0;
        }

        if (hosts > 1)
        {
            throw new BadHttpRequestException(400, "The request has more than one Host header.");
        }

        if (hosts == 0 && request.IsHttp11)
        {
            throw new BadHttpRequestException(400, "An HTTP/1.1 request needs a Host header.");
        }
    }

    /// <summary>The Content-Length value, or null; repeated values must agree.</summary>
    private static string? SingleContentLength(HttpRequest request)
    {
        string? length = null;
        for (var i = 0; i < request.Headers.Count; i++)
        {
            var (name, value) = request.Headers[i];
            if (!string.Equals(name, "Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (length is not null && length != value)
            {
                throw new BadHttpRequestException(400, "The request has Content-Length headers that disagree.");
            }

            length = value;
        }

        return length;
    }

    /// <summary>Checks the held head bytes that arrived since the last check, so that input that can never
    /// become a request is refused when it shows instead of when the head would end: a LF without its CR,
    /// a CR without its LF, a control byte, and, once it is complete, a malformed request line.</summary>
    private void CheckHeadSoFar()
    {
        var head = _held.AsSpan(0, _heldLength);
        for (var i = _checked; i < head.Length; i++)
        {
            var current = head[i];
            var afterCarriageReturn = i > 0 && head[i - 1] == '\r';
            if (current == '\n')
            {
                if (!afterCarriageReturn)
                {
                    throw new BadHttpRequestException(400, "The request has a line feed without a carriage return before it.");
                }

                if (!_requestLineChecked)
                {
                    ParseRequestLine(head[..(i - 1)]);
                    _requestLineChecked = true;
                }
            }
            else if (afterCarriageReturn)
            {
                throw new BadHttpRequestException(400, "The request has a carriage return without a line feed after it.");
            }
            else if (current != '\r' && IsControl(current))
            {
                throw new BadHttpRequestException(400, "The request head holds a control character.");
            }
        }

        _checked = head.Length;
    }

    private static bool IsControl(byte value) => (value < 0x20 && value != '\t') || value == 0x7F;

    private static bool HasControlByte(ReadOnlySpan<byte> line)
    {
        foreach (var value in line)
        {
            if (IsControl(value))
            {
                return true;
            }
        }

        return false;
    }

    private static (string Method, string Target, bool IsHttp11) ParseRequestLine(ReadOnlySpan<byte> line)
    {
        var firstSpace = line.IndexOf((byte)' ');
        var lastSpace = line.LastIndexOf((byte)' ');
        if (firstSpace <= 0 || lastSpace <= firstSpace + 1 || !Ascii.IsValid(line) || HasControlByte(line))
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
