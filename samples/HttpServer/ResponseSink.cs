using System.Runtime.CompilerServices;
using Streamcaps;

namespace HttpServer;

/// <summary>
/// Where a connection's responses go (through the <see cref="HttpResponseEncoder"/> to the socket). It ends
/// the exchange as HTTP wants: after a response that does not keep the connection alive it completes (the
/// peer sees FIN); when the request parser failed with <see cref="BadHttpRequestException"/> it answers
/// with that status and completes, instead of resetting the connection. When the connection stayed silent past
/// its idle timeout (a <see cref="TimeoutException"/>) it closes quietly between requests, as keep-alive
/// connections end, and answers 408 in the middle of one.
/// </summary>
internal sealed class ResponseSink(ISink<HttpResponse> wire, HttpRequestDecoder requests) : ISink<HttpResponse>
{
    private bool _ended;

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask RunAsync(HttpResponse item, CancellationToken cancellationToken = default)
    {
        await wire.RunAsync(item, cancellationToken).ConfigureAwait(false);
        if (!item.KeepAlive)
        {
            _ended = true;
            await wire.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public ValueTask CompleteAsync(CancellationToken cancellationToken = default) => wire.CompleteAsync(cancellationToken);

    /// <summary>Whether the exchange ended with an answer or a clean close rather than a reset: a refused request,
    /// or an idle timeout.</summary>
    public bool EndedCleanly { get; private set; }

    public async ValueTask AbortAsync(Exception problem)
    {
        if (_ended || problem is not (BadHttpRequestException or TimeoutException))
        {
            await wire.AbortAsync(problem).ConfigureAwait(false);
            return;
        }

        var answer = problem switch
        {
            BadHttpRequestException bad => Routes.Error(bad.StatusCode, bad.Message),
            _ when requests.IsBetweenRequests => null,
            _ => Routes.Error(408, "The request did not arrive in time."),
        };
        _ended = true;
        try
        {
            if (answer is not null)
            {
                await wire.RunAsync(answer, CancellationToken.None).ConfigureAwait(false);
            }

            await wire.CompleteAsync(CancellationToken.None).ConfigureAwait(false);
            EndedCleanly = true;
        }
        catch (Exception)
        {
            await wire.AbortAsync(problem).ConfigureAwait(false);
            throw;
        }
    }
}
