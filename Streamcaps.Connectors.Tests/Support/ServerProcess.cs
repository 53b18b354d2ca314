using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Streamcaps.Connectors.Tests.Support;

/// <summary>A broker server (<c>nats-server</c>, <c>redis-server</c>) started by a test on a loopback port, waited
/// for until it logs that it is ready, and killed on dispose (even when the test failed).</summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    /// <summary>How long a server may take to say it is ready.</summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly StringBuilder _log = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly string _readyLine;

    private ServerProcess(string program, IEnumerable<string> arguments, string readyLine)
    {
        _readyLine = readyLine;
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        _process = new Process { StartInfo = start, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) => OnLine(e.Data);
        _process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        _process.Exited += (_, _) => _ready.TrySetException(new InvalidOperationException($"{program} exited before it was ready:\n{Log}"));
    }

    /// <summary>What the server logged so far.</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>Starts <paramref name="program"/> and waits for a log line containing <paramref name="readyLine"/>.</summary>
    public static async Task<ServerProcess> StartAsync(string program, IEnumerable<string> arguments, string readyLine)
    {
        var server = new ServerProcess(program, arguments, readyLine);
        try
        {
            server._process.Start();
            server._process.BeginOutputReadLine();
            server._process.BeginErrorReadLine();
            await server._ready.Task.WaitAsync(StartTimeout);
            return server;
        }
        catch (TimeoutException)
        {
            await server.DisposeAsync();
            throw new TimeoutException($"{program} was not ready within {StartTimeout}:\n{server.Log}");
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>A loopback TCP port that was free a moment ago (servers that must keep their port across a restart
    /// cannot use port 0).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Kills the server at once (SIGKILL), as a crash would.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(StartTimeout);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await KillAsync();
        }
        catch (InvalidOperationException)
        {
            // Never started.
        }

        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
        }

        if (line.Contains(_readyLine, StringComparison.Ordinal))
        {
            _ready.TrySetResult();
        }
    }
}
