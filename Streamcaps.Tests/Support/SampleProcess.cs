using System.Net;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading.Channels;

namespace Streamcaps.Tests.Support;

/// <summary>
/// Runs one of the sample programs as a real process (<c>dotnet samples/Name/bin/…/Name.dll args</c>), the way a
/// user runs it, and lets a test wait for its output lines with a timeout. The test run builds every project
/// of the solution in the same configuration, so the sample's build sits next to the tests' own.
/// Disposing kills the process (and its children) if it still runs.
/// </summary>
/// <example>
/// <code>
/// await using var server = SampleProcess.Start("EchoServer", "0");
/// var endPoint = await server.WaitForListeningAsync();
/// </code>
/// </example>
internal sealed class SampleProcess : IAsyncDisposable
{
    /// <summary>How long <see cref="WaitForLineAsync"/> and <see cref="WaitForExitAsync"/> wait by default.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(20);

    private readonly Process _process;
    private readonly string _name;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly StringBuilder _transcript = new();
    private readonly StringBuilder _errors = new();

    private SampleProcess(string name, Process process)
    {
        _name = name;
        _process = process;
    }

    /// <summary>Everything the process wrote to stdout so far, for failure messages and assertions.</summary>
    public string Output
    {
        get
        {
            lock (_transcript)
            {
                return _transcript.ToString();
            }
        }
    }

    /// <summary>Everything the process wrote to stderr so far.</summary>
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

    /// <summary>The process id, to send it signals.</summary>
    public int Id => _process.Id;

    /// <summary>Starts the sample <paramref name="name"/> (its folder under <c>samples/</c>) with <paramref name="arguments"/>.</summary>
    /// <exception cref="FileNotFoundException">The sample was not built in this configuration.</exception>
    public static SampleProcess Start(string name, params string[] arguments)
    {
        var dll = SamplePath(name);
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_NOLOGO"] = "1";
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var sample = new SampleProcess(name, process);
        process.OutputDataReceived += (_, e) => sample.OnOutput(e.Data);
        process.ErrorDataReceived += (_, e) => sample.OnError(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return sample;
    }

    /// <summary>Waits for the line every sample server prints when it is ready,
    /// <c>listening on &lt;address:port&gt;</c> (a comma may follow with more), and returns that end point.</summary>
    public async Task<IPEndPoint> WaitForListeningAsync(TimeSpan? timeout = null)
    {
        const string Prefix = "listening on ";
        var line = await WaitForLineAsync(l => l.StartsWith(Prefix, StringComparison.Ordinal), timeout);
        var end = line.IndexOf(',', StringComparison.Ordinal);
        return IPEndPoint.Parse(line[Prefix.Length..(end < 0 ? line.Length : end)]);
    }

    /// <summary>Waits for the next stdout line that matches <paramref name="match"/> (earlier lines are skipped)
    /// and returns it; fails with the transcript when the process exits first or the timeout passes.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? DefaultTimeout);
        try
        {
            await foreach (var line in _lines.Reader.ReadAllAsync(deadline.Token))
            {
                if (match(line))
                {
                    return line;
                }
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            throw new TimeoutException($"{_name} wrote no matching line within {timeout ?? DefaultTimeout}.{Transcript()}");
        }

        throw new InvalidOperationException($"{_name} exited (code {_process.ExitCode}) before writing a matching line.{Transcript()}");
    }

    /// <summary>Waits for the process to exit and returns its exit code; fails with the transcript on timeout.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan? timeout = null)
    {
        try
        {
            await _process.WaitForExitAsync().WaitAsync(timeout ?? DefaultTimeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{_name} did not exit within {timeout ?? DefaultTimeout}.{Transcript()}");
        }

        return _process.ExitCode;
    }

    /// <summary>Sends SIGINT (what Ctrl+C sends) or SIGTERM to the process, with the system's <c>kill</c>.</summary>
    public async Task SignalAsync(PosixSignal signal)
    {
        var name = signal switch
        {
            PosixSignal.SIGINT => "INT",
            PosixSignal.SIGTERM => "TERM",
            _ => throw new ArgumentOutOfRangeException(nameof(signal), signal, "Only SIGINT and SIGTERM are supported."),
        };
        var result = await ToolProcess.RunAsync("kill", [$"-{name}", _process.Id.ToString(CultureInfo.InvariantCulture)]);
        Assert.True(result.ExitCode == 0, $"kill -{name} {_process.Id} failed: {result.Errors}");
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

    /// <summary>Where the sample's build is: the same configuration and framework as this test assembly's.</summary>
    public static string SamplePath(string name) => ProjectOutputPath(Path.Combine("samples", name), name);

    /// <summary>Where the build of the project in <paramref name="folder"/> (relative to the repository) puts
    /// <paramref name="assembly"/>.dll: the same configuration and framework as this test assembly's.</summary>
    public static string ProjectOutputPath(string folder, string assembly)
    {
        // .../Streamcaps.Tests/bin/<Configuration>/<framework>/
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = testOutput.Name;
        var configuration = testOutput.Parent!.Name;
        var root = testOutput;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Streamcaps.sln")))
        {
            root = root.Parent;
        }

        if (root is null)
        {
            throw new DirectoryNotFoundException($"No Streamcaps.sln above {AppContext.BaseDirectory}.");
        }

        var dll = Path.Combine(root.FullName, folder, "bin", configuration, framework, assembly + ".dll");
        return File.Exists(dll)
            ? dll
            : throw new FileNotFoundException($"{folder} is not built in {configuration}: build the solution (dotnet build Streamcaps.sln -c {configuration}).", dll);
    }

    private void OnOutput(string? line)
    {
        if (line is null)
        {
            _lines.Writer.TryComplete();
            return;
        }

        lock (_transcript)
        {
            _transcript.AppendLine(line);
        }

        _lines.Writer.TryWrite(line);
    }

    private void OnError(string? line)
    {
        if (line is not null)
        {
            lock (_errors)
            {
                _errors.AppendLine(line);
            }
        }
    }

    private string Transcript() => $"\nstdout:\n{Output}\nstderr:\n{Errors}";
}
