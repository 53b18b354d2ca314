using System.Globalization;
using NATS.Client.Core;
using Streamcaps.Samples.WorkQueue;

// A work queue across processes on NATS JetStream: produce numbers, square them in any number of workers,
// collect and check the results. See the README's "Beyond one machine".
//   produce --count N [--replicas R]    work    collect --count N [--timeout SECONDS]    (each: --servers URLS)
var arguments = CommandLine.Parse(args);
if (arguments is null)
{
    Console.Error.WriteLine("""
        usage: WorkQueue produce --count N [--replicas R] [--servers URLS]
               WorkQueue work [--servers URLS]
               WorkQueue collect --count N [--timeout SECONDS] [--servers URLS]
        URLS: comma-separated NATS server URLs, default nats://127.0.0.1:4222
        """);
    return 2;
}

await using var nats = new NatsConnection(new NatsOpts
{
    Url = arguments.Servers,
    Name = $"workqueue-{arguments.Verb}-{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}",
    // Keep reconnecting while a node restarts; the library's own timeouts bound every wait.
    MaxReconnectRetry = -1,
});

try
{
    return arguments.Verb switch
    {
        "produce" => await Produce.RunAsync(nats, arguments.Count, arguments.Replicas),
        "work" => await Work.RunAsync(nats),
        _ => await Collect.RunAsync(nats, arguments.Count, arguments.Timeout),
    };
}
catch (Exception failure) when (failure is IOException or TimeoutException or NatsException)
{
    Console.Error.WriteLine($"workqueue {arguments.Verb}: {failure.Message}");
    return 1;
}
