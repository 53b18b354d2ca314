using Streamcaps.Hosting;
using Streamcaps.Net;

namespace Streamcaps.Hosting.Tests;

/// <summary>A singleton service a handler takes from DI.</summary>
internal sealed record Greeting(string Text);

/// <summary>Sends the greeting it got from DI, then echoes: proves the handler was resolved from the container.</summary>
internal sealed class GreetingEchoHandler(Greeting greeting) : IConnectionHandler
{
    public async Task HandleAsync(IConnection connection, CancellationToken stopping)
    {
        if (greeting.Text.Length > 0)
        {
            await connection.Sink.RunAsync(System.Text.Encoding.ASCII.GetBytes(greeting.Text), CancellationToken.None);
        }

        await Flow.RunAsync(connection.Source, connection.Sink, CancellationToken.None);
    }
}
