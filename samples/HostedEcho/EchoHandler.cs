using Streamcaps.Hosting;
using Streamcaps.Net;

namespace Streamcaps.Samples;

/// <summary>DESIGN's echo, as a handler the host resolves for every connection: the connection's source flows
/// into its own sink until the client half-closes. Stopping does not cut an echo short: the host's shutdown
/// timeout bounds how long the server waits for it.</summary>
internal sealed class EchoHandler : IConnectionHandler
{
    public Task HandleAsync(IConnection connection, CancellationToken stopping) =>
        Flow.RunAsync(connection.Source, connection.Sink, CancellationToken.None);
}
