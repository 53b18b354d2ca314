using System.Net;

namespace Streamcaps.Load.Servers;

/// <summary>
/// The echo servers the harness compares, by name. Each runs in its own process (<c>Streamcaps.Load serve
/// NAME</c>) so its memory can be measured alone. The first one is the baseline every ratio is relative to.
/// Another transport (TLS) adds its servers from its own file, with <see cref="Register"/> in a
/// <c>[ModuleInitializer]</c>.
/// </summary>
internal static class EchoServers
{
    private static readonly List<EchoServer> s_all =
    [
        new("socket-loop", SocketLoopEchoServer.RunAsync),
        new("streamcaps", StreamcapsEchoServer.RunAsync),
        new("streamcaps-hold-buffer", StreamcapsEchoServer.RunHoldingBufferAsync),
        new("streamcaps-fixed-reads", StreamcapsEchoServer.RunWithFixedReadsAsync),
    ];

    /// <summary>The baseline: a hand-written Socket.ReceiveAsync/SendAsync loop.</summary>
    public static EchoServer Baseline => s_all[0];

    public static IReadOnlyList<EchoServer> All => s_all;

    /// <summary>Adds a server (for instance a TLS one) to the comparison.</summary>
    public static void Register(EchoServer server) => s_all.Add(server);

    public static EchoServer Find(string name) =>
        s_all.Find(s => s.Name == name) ?? throw new ArgumentException($"No echo server named '{name}'; known: {string.Join(", ", s_all.Select(s => s.Name))}.", nameof(name));
}

/// <summary>An echo server implementation: runs on <c>endPoint</c> until the token is cancelled, calling
/// <c>listening</c> with the bound end point once it accepts.</summary>
internal sealed record EchoServer(string Name, Func<IPEndPoint, Action<EndPoint>, CancellationToken, Task> RunAsync);
