using Streamcaps;
using Streamcaps.Net;

namespace HttpServer;

/// <summary>Serves one connection: the flow of requests through the application into responses.</summary>
internal static class HttpConnection
{
    public static async Task ServeAsync(IConnection connection, HttpLimits limits)
    {
        var decoder = new HttpRequestDecoder(limits);
        var requests = connection.Source
            .Through(decoder)
            .Select(Routes.Handle);
        var responses = new ResponseSink(new HttpResponseEncoder().Into(connection.Sink), decoder);
        try
        {
            await Flow.RunAsync(requests, responses).ConfigureAwait(false);
        }
        catch (BadHttpRequestException bad) when (responses.EndedCleanly)
        {
            // Answered already (ResponseSink); reading what the client still sends lets it see the answer
            // instead of a reset, which closing a socket with unread bytes would cause.
            Console.Error.WriteLine($"{connection.RemoteEndPoint}: {bad.StatusCode} {bad.Message}");
            await DrainAsync(connection, limits).ConfigureAwait(false);
        }
        catch (TimeoutException) when (responses.EndedCleanly)
        {
            // Closed with a FIN (idle between requests) or answered with 408: the client is silent, nothing to drain.
        }
    }

    private static async Task DrainAsync(IConnection connection, HttpLimits limits)
    {
        var left = (long)limits.MaxHeaderBytes + limits.MaxBodyBytes;
        var drain = Sink.ForEach<ReadOnlyMemory<byte>>(chunk =>
        {
            left -= chunk.Length;
            if (left < 0)
            {
                throw new BadHttpRequestException(400, "The client kept sending after its request was refused.");
            }
        });
        try
        {
            await Flow.RunAsync(connection.Source, drain).WaitAsync(limits.DrainTimeout).ConfigureAwait(false);
        }
        catch (Exception problem) when (problem is TimeoutException or IOException)
        {
            // The client neither stopped nor closed in time: closing now is the best left to do.
        }
    }
}
