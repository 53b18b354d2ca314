using System.Diagnostics;
using System.Globalization;
using System.Net;
using Streamcaps.Load.Scenarios;

namespace Streamcaps.Load;

/// <summary>An echo server running in a child process (this same program with <c>serve NAME</c>), so the
/// load and the server do not share a heap and the server's memory is measured alone.</summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ServerProcess(Process process, IPEndPoint endPoint)
    {
        _process = process;
        EndPoint = endPoint;
    }

    public IPEndPoint EndPoint { get; }

    public static async Task<ServerProcess> StartAsync(string serverName)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        // Started through `dotnet Streamcaps.Load.dll`, the process path is dotnet: pass the assembly too.
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
        {
            start.ArgumentList.Add(typeof(ServerProcess).Assembly.Location);
        }

        start.ArgumentList.Add("serve");
        start.ArgumentList.Add(serverName);
        var process = Process.Start(start)!;
        var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(20))
            ?? throw new InvalidOperationException($"The {serverName} server exited before listening.");
        var port = int.Parse(line["listening ".Length..], CultureInfo.InvariantCulture);
        return new ServerProcess(process, new IPEndPoint(IPAddress.Loopback, port));
    }

    /// <summary>The processor time the server used so far, the thread-pool work items it ran, the bytes it
    /// allocated, its managed heap after a full collection, its working set and its private resident memory. Processor time per unit of work
    /// is the figure a busy, shared machine disturbs least.</summary>
    public async Task<ServerStats> MeasureAsync()
    {
        await _process.StandardInput.WriteLineAsync("stats");
        await _process.StandardInput.FlushAsync();
        var line = await _process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60))
            ?? throw new InvalidOperationException("The server exited while being measured.");
        var parts = line.Split(' ');
        return new ServerStats(
            TimeSpan.FromMicroseconds(long.Parse(parts[1], CultureInfo.InvariantCulture)),
            long.Parse(parts[2], CultureInfo.InvariantCulture),
            long.Parse(parts[3], CultureInfo.InvariantCulture),
            long.Parse(parts[4], CultureInfo.InvariantCulture),
            long.Parse(parts[5], CultureInfo.InvariantCulture),
            long.Parse(parts[6], CultureInfo.InvariantCulture));
    }

    public async ValueTask DisposeAsync()
    {
        _process.StandardInput.Close();
        try
        {
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }
}

/// <summary>What <see cref="ServerProcess.MeasureAsync"/> read.</summary>
/// <param name="Cpu">Processor time used so far (user and kernel).</param>
/// <param name="WorkItems">Thread-pool work items run so far: each is a hand-off from one thread to another, the
/// cost that dominates small round trips.</param>
/// <param name="Allocated">Bytes allocated so far, on every thread.</param>
/// <param name="Managed">Managed heap bytes after a full collection.</param>
/// <param name="WorkingSet">Working set bytes.</param>
/// <param name="PrivateResident">Resident bytes no other process shares (Linux's <c>RssAnon</c>; 0 elsewhere).</param>
internal sealed record ServerStats(TimeSpan Cpu, long WorkItems, long Allocated, long Managed, long WorkingSet, long PrivateResident)
{
    /// <summary>What the server spent from <paramref name="before"/> to <paramref name="after"/> per unit of
    /// work: processor time, thread-pool work items and bytes allocated.</summary>
    public static Measurement[] CostPer(string label, string unit, double units, ServerStats before, ServerStats after) =>
    [
        new($"{label}: server CPU per {unit}", (after.Cpu - before.Cpu).TotalMicroseconds / units, "µs", HigherIsBetter: false),
        new($"{label}: server thread-pool work items per {unit}", (after.WorkItems - before.WorkItems) / units, "items", HigherIsBetter: false),
        new($"{label}: server bytes allocated per {unit}", (after.Allocated - before.Allocated) / units, "B", HigherIsBetter: false),
    ];

    /// <summary>What the server holds per connection in <paramref name="after"/> beyond what it held in
    /// <paramref name="before"/> (the same process with none of the <paramref name="connections"/> open):
    /// managed heap, working set and private resident memory.</summary>
    public static Measurement[] MemoryPer(string label, int connections, ServerStats before, ServerStats after) =>
    [
        new($"{label}: managed heap per conn", (after.Managed - before.Managed) / 1024.0 / connections, "KiB", HigherIsBetter: false),
        new($"{label}: working set per conn", (after.WorkingSet - before.WorkingSet) / 1024.0 / connections, "KiB", HigherIsBetter: false),
        new($"{label}: private resident per conn", (after.PrivateResident - before.PrivateResident) / 1024.0 / connections, "KiB", HigherIsBetter: false),
    ];
}
