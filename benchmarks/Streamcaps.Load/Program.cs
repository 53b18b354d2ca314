// The echo load harness: runs each load scenario against every echo server (each in its own process),
// verifies every echoed byte, and prints a table with ratios against the hand-written socket loop.
//
//   dotnet run -c Release --project benchmarks/Streamcaps.Load -- [bulk] [pingpong1] [pingpong100] [idle]
//       [--seconds N] [--rounds N] [--idle-connections N]
//   No scenario named: all of them. Each round runs every server once, in turn, so a noisy neighbour hits
//   them alike; the table shows each figure's median over the rounds (default: 3 rounds of 3 s).
//   dotnet run -c Release --project benchmarks/Streamcaps.Load -- serve NAME   (the server side, used by the above)
using System.Globalization;
using Streamcaps.Load;
using Streamcaps.Load.Scenarios;
using Streamcaps.Load.Servers;

if (args is ["serve", var serverName])
{
    return await ServeCommand.RunAsync(serverName);
}

ILoadScenario[] known = [new BulkEcho(), new PingPong(1), new PingPong(100), new IdleConnections()];
var seconds = 3.0;
var rounds = 3;
var idleConnections = 10_000;
var chosen = new List<ILoadScenario>();
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--seconds":
            seconds = double.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        case "--rounds":
            rounds = int.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        case "--idle-connections":
            idleConnections = int.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        default:
            chosen.Add(Array.Find(known, s => s.Name == args[i])
                ?? throw new ArgumentException($"Unknown scenario '{args[i]}'; known: {string.Join(", ", known.Select(s => s.Name))}."));
            break;
    }
}

var settings = new LoadSettings(TimeSpan.FromSeconds(seconds), TimeSpan.FromSeconds(1), idleConnections);
var table = new ResultTable(EchoServers.Baseline.Name);
foreach (var scenario in chosen.Count > 0 ? chosen : [.. known])
{
    for (var round = 1; round <= rounds; round++)
    {
        foreach (var server in EchoServers.All)
        {
            Console.Error.WriteLine($"{scenario.Name}, round {round} of {rounds}: {server.Name}");
            await using var process = await ServerProcess.StartAsync(server.Name);
            if (scenario.IsTimed)
            {
                await scenario.RunAsync(process, settings with { Duration = settings.Warmup });
            }

            table.Add(server.Name, await scenario.RunAsync(process, settings));
        }
    }
}

table.Print(Console.Out);
return 0;
