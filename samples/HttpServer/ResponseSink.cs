using System.Runtime.CompilerServices;
using Streamcaps;

namespace HttpServer;

/// <summary>
/// Where a connection's responses go (through the <see cref="HttpResponseEncoder"/> to the socket). It ends
/// the exchange as HTTP wants: after a response that does not keep the connection alive it completes (the
/// peer sees FIN); when the request parser failed with <see cref="BadHttpRequestException"/> it answers
/// with that status and completes, instead of resetting the connection.
/// </summary>
internal sealed class ResponseSink(ISink<HttpResponse> wire) : ISink<HttpResponse>
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

    public async ValueTask AbortAsync(Exception problem)
    {
        if (problem is not BadHttpRequestException bad || _ended)
        {
            await wire.AbortAsync(problem).ConfigureAwait(false);
            return;
        }

        _ended = true;
        try
        {
            await wire.RunAsync(Routes.Error(bad.StatusCode, bad.Message), CancellationToken.None).ConfigureAwait(false);
            await wire.CompleteAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception)
        {
            await wire.AbortAsync(problem).ConfigureAwait(false);
            throw;
        }
    }
}
