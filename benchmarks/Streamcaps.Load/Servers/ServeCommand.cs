using System.Globalization;
using System.Net;

namespace Streamcaps.Load.Servers;

/// <summary>
/// The server side of the harness, run in its own process: <c>Streamcaps.Load serve NAME</c>. It prints
/// <c>listening PORT</c>, answers each <c>stats</c> line on stdin with
/// <c>stats CPU_MICROSECONDS WORK_ITEMS ALLOCATED_BYTES MANAGED_BYTES WORKING_SET_BYTES PRIVATE_RESIDENT_BYTES</c> (the processor time it used so far, the
/// thread-pool work items it ran and the bytes it allocated, read first; then the heap after a full collection, so the managed figure is what is
/// really held; the last two: all its resident memory, and the part of it no other process shares), and exits when stdin closes.
/// </summary>
internal static class ServeCommand
{
    public static async Task<int> RunAsync(string name)
    {
        var server = EchoServers.Find(name);
        using var stop = new CancellationTokenSource();
        var listening = new TaskCompletionSource<EndPoint>(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = server.RunAsync(new IPEndPoint(IPAddress.Loopback, 0), e => listening.TrySetResult(e), stop.Token);
        var endPoint = (IPEndPoint)await listening.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Console.WriteLine($"listening {endPoint.Port}");

        string? command;
        while ((command = await Console.In.ReadLineAsync()) is not null)
        {
            if (command == "stats")
            {
                var cpu = (long)Environment.CpuUsage.TotalTime.TotalMicroseconds;
                var workItems = ThreadPool.CompletedWorkItemCount;
                var allocated = GC.GetTotalAllocatedBytes(precise: true);
                var managed = GC.GetTotalMemory(forceFullCollection: true);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"stats {cpu} {workItems} {allocated} {managed} {Environment.WorkingSet} {PrivateResidentBytes()}"));
            }
        }

        await stop.CancelAsync();
        await running;
        return 0;
    }

    /// <summary>The process's anonymous resident memory (Linux's <c>RssAnon</c>: heaps, stacks, native buffers;
    /// not the mapped files of the runtime and its libraries, which other processes share), or 0 where there is
    /// no <c>/proc</c>. What a process costs a machine that runs many of them.</summary>
    private static long PrivateResidentBytes()
    {
        const string Status = "/proc/self/status";
        if (!File.Exists(Status))
        {
            return 0;
        }

        var line = File.ReadLines(Status).FirstOrDefault(l => l.StartsWith("RssAnon:", StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line["RssAnon:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
    }
}
