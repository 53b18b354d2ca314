using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using Streamcaps.Interop;
using Streamcaps.Net;

// The TLS echo servers side by side in one process, in interleaved rounds (BenchmarkDotNet runs each in its own
// process, where the thread pool's behaviour differs from launch to launch): prints the median time per echo, the
// thread-pool work items per echo and each server's median speed against the first one, round by round.
// Usage: dotnet run -c Release --project benchmarks/TlsEchoProbe -- <chunk> <echoes per round> <rounds> <async|sync> [servers]
//   e.g. -- 16384 200 31 async raw,sc      (BULK=1 in the environment: full-duplex bulk instead of echoes)
// Servers: raw (SslStream copy loop over NetworkStream), rawx (the same over the TCP connection's own socket),
// sc (Flow.RunAsync over a Streamcaps TlsConnection), dux (SslStream copy loop over the TCP connection's stream view).
// cpu: process CPU per echo, minus the client thread's when the client is synchronous.
var chunkSize = int.Parse(args[0]);
var echoes = int.Parse(args[1]);
var rounds = int.Parse(args[2]);
var clientAsync = args[3] == "async";
var names = (args.Length > 4 ? args[4] : "raw,sc").Split(',');

var cert = TlsCertificates.CreateSelfSigned("localhost");
SslServerAuthenticationOptions ServerOptions() => new() { ServerCertificate = cert, EnabledSslProtocols = SslProtocols.Tls13 };
SslClientAuthenticationOptions ClientOptions() => new() { TargetHost = "localhost", EnabledSslProtocols = SslProtocols.Tls13, CertificateChainPolicy = TlsCertificates.TrustOnly(cert) };

using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
listener.Listen(4);

var clients = new List<SslStream>();
foreach (var name in names)
{
    var accepting = listener.AcceptAsync();
    var transport = await Streamcaps.Net.Tcp.ConnectAsync(listener.LocalEndPoint!);
    var peer = await accepting; peer.NoDelay = true;
    var client = new SslStream(new NetworkStream(peer, true));
    Task<IConnection>? serverSide;
    if (name == "raw")
    {
        // a raw socket from the TCP connection is not available: connect a plain socket pair instead
        await transport.DisposeAsync();
        var c = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        var acc2 = listener.AcceptAsync();
        await c.ConnectAsync(listener.LocalEndPoint!);
        var s = await acc2; s.NoDelay = true;
        peer.Dispose();
        client = new SslStream(new NetworkStream(c, true));
        var ss = new SslStream(new NetworkStream(s, true));
        await Task.WhenAll(client.AuthenticateAsClientAsync(ClientOptions()), ss.AuthenticateAsServerAsync(ServerOptions()));
        _ = CopyLoopAsync(ss);
    }
    else if (name == "rawx")
    {
        // SslStream copy loop over a NetworkStream on the very socket the TCP connection holds.
        var sock = (Socket)transport.GetType().GetProperty("Socket", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(transport)!;
        var ss = new SslStream(new NetworkStream(sock, false));
        await Task.WhenAll(client.AuthenticateAsClientAsync(ClientOptions()), ss.AuthenticateAsServerAsync(ServerOptions()));
        _ = CopyLoopAsync(ss);
    }
    else if (name == "dux")
    {
        var ss = new SslStream(new DuplexStream(transport.Source, transport.Sink));
        await Task.WhenAll(client.AuthenticateAsClientAsync(ClientOptions()), ss.AuthenticateAsServerAsync(ServerOptions()));
        _ = CopyLoopAsync(ss);
    }
    else
    {
        serverSide = Streamcaps.Net.Tls.AuthenticateAsServerAsync(transport, ServerOptions());
        await client.AuthenticateAsClientAsync(ClientOptions());
        var conn = await serverSide;
        _ = Streamcaps.Flow.RunAsync(conn.Source, conn.Sink);
    }
    clients.Add(client);
}

var chunk = new byte[chunkSize]; Random.Shared.NextBytes(chunk);
var back = new byte[chunkSize];

async Task EchoAsync(SslStream client, int n) { for (var i = 0; i < n; i++) { await client.WriteAsync(chunk); await client.ReadExactlyAsync(back); } }
void Echo(SslStream client, int n) { for (var i = 0; i < n; i++) { client.Write(chunk); client.ReadExactly(back); } }
async Task BulkAsync(SslStream client, int n)
{
    var reading = Task.Run(async () => { var buf = new byte[256 * 1024]; long total = 0, want = (long)n * chunkSize; while (total < want) { var r = await client.ReadAsync(buf); if (r == 0) throw new EndOfStreamException(); total += r; } });
    for (var i = 0; i < n; i++) await client.WriteAsync(chunk);
    await reading;
}
var bulk = Environment.GetEnvironmentVariable("BULK") is not null;
(double us, double wi, double cpu) Measure(SslStream client, int n)
{
    if (bulk)
    {
        var p0b = ProcessCpu(); var swb = Stopwatch.StartNew();
        BulkAsync(client, n).GetAwaiter().GetResult();
        return (swb.Elapsed.TotalMicroseconds / n, 0, (ProcessCpu() - p0b) / n);
    }

    var wi0 = ThreadPool.CompletedWorkItemCount;
    var p0 = ProcessCpu(); var t0 = ThreadCpu();
    var sw = Stopwatch.StartNew();
    if (clientAsync) EchoAsync(client, n).GetAwaiter().GetResult(); else Echo(client, n);
    sw.Stop();
    var server = (ProcessCpu() - p0) - (clientAsync ? 0 : ThreadCpu() - t0);
    return (sw.Elapsed.TotalMicroseconds / n, (double)(ThreadPool.CompletedWorkItemCount - wi0) / n, server / n);
}

foreach (var c in clients) Measure(c, 2000);
var results = names.Select(_ => new List<(double us, double wi, double cpu)>()).ToArray();
var ratios = names.Select(_ => new List<double>()).ToArray();
for (var r = 0; r < rounds; r++)
{
    var order = Enumerable.Range(0, names.Length).ToArray();
    if (r % 2 == 1) Array.Reverse(order);
    var round = new double[names.Length];
    foreach (var i in order) { var m = Measure(clients[i], echoes); results[i].Add(m); round[i] = m.us; }
    for (var i = 0; i < names.Length; i++) ratios[i].Add(round[0] / round[i]);
}
static double Median(IEnumerable<double> l) { var s = l.OrderBy(x => x).ToList(); return s[s.Count / 2]; }
Console.Write($"chunk {chunkSize} {(clientAsync ? "async" : "sync")} {rounds}x{echoes}:");
for (var i = 0; i < names.Length; i++)
    Console.Write($" | {names[i]} {Median(results[i].Select(x => x.us)):F1}us {Median(results[i].Select(x => x.wi)):F2}wi cpu {Median(results[i].Select(x => x.cpu)):F1} speed vs {names[0]} {Median(ratios[i]):F3}");
Console.WriteLine();

static double ProcessCpu() { _ = clock_gettime(2, out var t); return t.sec * 1e6 + t.nsec / 1e3; }
static double ThreadCpu() { _ = clock_gettime(3, out var t); return t.sec * 1e6 + t.nsec / 1e3; }
[System.Runtime.InteropServices.DllImport("libc")] static extern int clock_gettime(int clk, out Timespec t);

static async Task CopyLoopAsync(SslStream server)
{
    var buffer = new byte[16 * 1024];
    int received;
    while ((received = await server.ReadAsync(buffer)) > 0) await server.WriteAsync(buffer.AsMemory(0, received));
}

struct Timespec { public long sec; public long nsec; }
