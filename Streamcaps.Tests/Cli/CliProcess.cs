using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Threading.Channels;
using Streamcaps.Tests.Support;

namespace Streamcaps.Tests.Cli;

/// <summary>
/// The <c>streamcaps</c> command as a real process (<c>dotnet tools/Streamcaps.Cli/bin/…/streamcaps.dll args</c>):
/// its stdin and stdout as byte streams (a relay's data), its stderr as lines a test can wait for (the
/// <c>listening on</c> line, errors). Disposing kills it if it still runs.
/// </summary>
internal sealed class CliProcess : IAsyncDisposable
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly Channel<string> _errorLines = Channel.CreateUnbounded<string>();
    private readonly StringBuilder _errors = new();
    private readonly Task _readingErrors;

    private CliProcess(Process process)
    {
        _process = process;
        _readingErrors = ReadErrorsAsync();
    }

    /// <summary>The built command.</summary>
    public static string Dll => SampleProcess.ProjectOutputPath(Path.Combine("tools", "Streamcaps.Cli"), "streamcaps");

    /// <summary>Its standard input: what a <c>stdio</c> address reads.</summary>
    public Stream Input => _process.StandardInput.BaseStream;

    /// <summary>Its standard output: what a <c>stdio</c> address writes.</summary>
    public Stream Output => _process.StandardOutput.BaseStream;

    /// <summary>Everything written to stderr so far.</summary>
    public string Errors
    {
        get
        {
            lock (_errors)
            {
                return _errors.ToString();
            }
        }
    }

    public int Id => _process.Id;

    public static CliProcess Start(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Dll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_NOLOGO"] = "1";
        return new CliProcess(Process.Start(start)!);
    }

    /// <summary>Runs the command to its end with <paramref name="input"/> on stdin; returns the exit code, stdout and stderr.</summary>
    public static Task<ToolProcess.Result> RunAsync(IEnumerable<string> arguments, ReadOnlyMemory<byte> input = default, TimeSpan? timeout = null) =>
        ToolProcess.RunAsync("dotnet", [Dll, .. arguments], input, timeout ?? DefaultTimeout);

    /// <summary>Waits for <c>streamcaps: listening on ADDRESS:PORT</c> and returns the end point.</summary>
    public async Task<IPEndPoint> WaitForListeningAsync()
    {
        const string Prefix = "streamcaps: listening on ";
        var line = await WaitForErrorLineAsync(l => l.StartsWith(Prefix, StringComparison.Ordinal));
        return IPEndPoint.Parse(line[Prefix.Length..]);
    }

    /// <summary>Waits for the next stderr line that matches; fails with the transcript on exit or timeout.</summary>
    public async Task<string> WaitForErrorLineAsync(Func<string, bool> match, TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? DefaultTimeout);
        try
        {
            await foreach (var line in _errorLines.Reader.ReadAllAsync(deadline.Token))
            {
                if (match(line))
                {
                    return line;
                }
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            throw new TimeoutException($"streamcaps wrote no matching line within {timeout ?? DefaultTimeout}; stderr:\n{Errors}");
        }

        throw new InvalidOperationException($"streamcaps exited (code {_process.ExitCode}) before writing a matching line; stderr:\n{Errors}");
    }

    public async Task<int> WaitForExitAsync(TimeSpan? timeout = null)
    {
        try
        {
            await _process.WaitForExitAsync().WaitAsync(timeout ?? DefaultTimeout);
            await _readingErrors.WaitAsync(timeout ?? DefaultTimeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"streamcaps did not exit within {timeout ?? DefaultTimeout}; stderr:\n{Errors}");
        }

        return _process.ExitCode;
    }

    /// <summary>Waits for the exit and checks its code, showing stderr when it differs.</summary>
    public async Task AssertExitCodeAsync(int expected)
    {
        var code = await WaitForExitAsync();
        Assert.True(code == expected, $"streamcaps exited with {code}, not {expected}; stderr:\n{Errors}");
    }

    /// <summary>Sends SIGTERM (or SIGINT) with the system's <c>kill</c>.</summary>
    public async Task SignalAsync(string signal = "TERM")
    {
        var result = await ToolProcess.RunAsync("kill", [$"-{signal}", _process.Id.ToString(CultureInfo.InvariantCulture)]);
        Assert.True(result.ExitCode == 0, $"kill -{signal} failed: {result.Errors}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(DefaultTimeout);
        }

        _process.Dispose();
    }

    private async Task ReadErrorsAsync()
    {
        while (await _process.StandardError.ReadLineAsync() is { } line)
        {
            lock (_errors)
            {
                _errors.AppendLine(line);
            }

            _errorLines.Writer.TryWrite(line);
        }

        _errorLines.Writer.TryComplete();
    }
}
