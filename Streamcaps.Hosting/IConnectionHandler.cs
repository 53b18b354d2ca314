using Streamcaps.Net;

namespace Streamcaps.Hosting;

/// <summary>
/// Serves one connection of a hosted server (see
/// <see cref="Microsoft.Extensions.DependencyInjection.StreamcapsServiceCollectionExtensions.AddStreamcapsServer{THandler}(Microsoft.Extensions.DependencyInjection.IServiceCollection, string)"/>).
/// A handler is resolved from the connection's own dependency-injection scope, so it may take scoped services.
/// </summary>
public interface IConnectionHandler
{
    /// <summary>Serves <paramref name="connection"/> until the exchange is over. The server disposes the
    /// connection when the returned task ends: gracefully (FIN) when it completed, with a reset (RST) when it
    /// faulted, and the failure is logged.</summary>
    /// <param name="connection">The accepted connection (a <see cref="TlsConnection"/> on a TLS server).</param>
    /// <param name="stopping">Cancelled when the host begins to stop: a handler that serves until the peer
    /// leaves may end its exchange at a clean boundary instead. The server still drains within the host's
    /// shutdown timeout and resets what is open after it.</param>
    /// <returns>A task that completes when the connection is served.</returns>
    Task HandleAsync(IConnection connection, CancellationToken stopping);
}
