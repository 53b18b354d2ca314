using System.Net;
using Streamcaps.Net;
using Streamcaps.Tests.Support;

namespace Streamcaps.Tests.Cli;

/// <summary>The progress line is drawn when stderr is a terminal (run under <c>script</c>, which gives the command
/// a pseudo-terminal) and never with <c>--quiet</c>.</summary>
public sealed class CliProgressTests : IDisposable
{
    private readonly TempDirectory _files = new();

    [Fact]
    public async Task A_terminal_shows_the_bytes_each_way_and_quiet_hides_them()
    {
        await File.WriteAllBytesAsync(_files.File("in.bin"), new byte[1234]);
        await using var sink = await Tcp.ListenAsync(new IPEndPoint(IPAddress.Loopback, 0), c => Flow.RunAsync(c.Source, Sink.Null<ReadOnlyMemory<byte>>()));
        var port = ((IPEndPoint)sink.LocalEndPoint).Port;
        var command = $"dotnet '{CliProcess.Dll}' file:'{_files.File("in.bin")}' tcp:127.0.0.1:{port}";

        var shown = await ToolProcess.RunAsync("script", ["-qfec", command, "/dev/null"]);
        var quiet = await ToolProcess.RunAsync("script", ["-qfec", command + " --quiet", "/dev/null"]);

        var screen = System.Text.Encoding.UTF8.GetString(shown.Output);
        Assert.True(shown.ExitCode == 0, screen + shown.Errors);
        Assert.Contains("> 1.2 KiB  < 0 B", screen, StringComparison.Ordinal);
        Assert.Equal(0, quiet.ExitCode);
        Assert.DoesNotContain("KiB", System.Text.Encoding.UTF8.GetString(quiet.Output), StringComparison.Ordinal);
    }

    public void Dispose() => _files.Dispose();
}
