// The echo load harness: runs each load scenario against every echo server (each in its own process),
// verifies every echoed byte, and prints a table with ratios against the hand-written socket loop.
//
//   dotnet run -c Release --project benchmarks/Streamcaps.Load -- [bulk] [pingpong1] [pingpong100] [idle]
//       [scale100] [scale1000] [scale10000] [--seconds N] [--warmup N] [--rounds N] [--idle-connections N]
//       [--servers NAME,NAME]
//   No scenario named: bulk, pingpong1, pingpong100 and idle. The scaleN scenarios (memory per connection and
//   echo throughput at N connections; scale10000 needs `ulimit -n` above 10,000) run only when named. Each round runs every server once, in turn, so a noisy neighbour hits
//   them alike, and each round starts with the next server, so none is always measured in the same place
//   (first after a warm-up, or right after another's shutdown). The table shows each figure's median over the
//   rounds (default: 5 rounds of 3 s).
//   dotnet run -c Release --project benchmarks/Streamcaps.Load -- serve NAME   (the server side, used by the above)
using System.Globalization;
using Streamcaps.Load;
using Streamcaps.Load.Scenarios;
using Streamcaps.Load.Servers;

if (args is ["serve", var serverName])
{
    return await ServeCommand.RunAsync(serverName);
}

ILoadScenario[] byDefault = [new BulkEcho(), new PingPong(1), new PingPong(100), new IdleConnections()];
ILoadScenario[] known = [.. byDefault, new ConnectionScaling(100), new ConnectionScaling(1_000), new ConnectionScaling(10_000)];
var seconds = 3.0;
// Tiered compilation (with PGO) keeps recompiling a server's hot path for about two seconds of load on 2 busy
// cores, longer for more code: a profile of a 1 s warm-up showed the library's server still in the JIT during
// the first second measured, the hand-written loop no longer.
var warmupSeconds = 3.0;
var rounds = 5;
var idleConnections = 10_000;
var chosen = new List<ILoadScenario>();
IReadOnlyList<EchoServer> servers = EchoServers.All;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--seconds":
            seconds = double.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        case "--warmup":
            warmupSeconds = double.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        case "--rounds":
            rounds = int.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        case "--idle-connections":
            idleConnections = int.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        case "--servers":
            // Only these servers, for profiling one of them; ratios need the baseline among them.
            servers = [.. args[++i].Split(',').Select(EchoServers.Find)];
            break;
        default:
            chosen.Add(Array.Find(known, s => s.Name == args[i])
                ?? throw new ArgumentException($"Unknown scenario '{args[i]}'; known: {string.Join(", ", known.Select(s => s.Name))}."));
            break;
    }
}

var settings = new LoadSettings(TimeSpan.FromSeconds(seconds), TimeSpan.FromSeconds(warmupSeconds), idleConnections);
var table = new ResultTable(EchoServers.Baseline.Name);
foreach (var scenario in chosen.Count > 0 ? chosen : [.. byDefault])
{
    for (var round = 1; round <= rounds; round++)
    {
        foreach (var server in servers.Skip(round % servers.Count).Concat(servers.Take(round % servers.Count)))
        {
            Console.Error.WriteLine($"{scenario.Name}, round {round} of {rounds}: {server.Name}");
            await using var process = await ServerProcess.StartAsync(server.Name);
            if (scenario.IsTimed)
            {
                await scenario.RunAsync(process, settings with { Duration = settings.Warmup });
            }

            table.Add(server.Name, round, await scenario.RunAsync(process, settings));
        }
    }
}

table.Print(Console.Out);
return 0;
