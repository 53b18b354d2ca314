using System.Net;
using Streamcaps.Net;
using Streamcaps.Tests.Conformance;
using Streamcaps.Tests.Net;
using Streamcaps.Tests.Support;

namespace Streamcaps.Tests.Cli;

/// <summary>The addresses beyond TCP and TLS: Unix domain sockets (with socat as the peer), files, a child
/// process, and nc as a client.</summary>
public sealed class CliAddressTests : IDisposable
{
    private readonly TempDirectory _files = new();

    [Fact]
    public async Task A_unix_listener_relays_socat_to_a_TCP_echo_server_and_removes_its_socket_file()
    {
        await using var echo = await TcpLoopback.StartEchoServerAsync(IPAddress.Loopback);
        var path = UnixSockets.NewPath();
        await using var relay = CliProcess.Start($"unix-listen:{path},fork", $"tcp:127.0.0.1:{((IPEndPoint)echo.LocalEndPoint).Port}");
        await relay.WaitForErrorLineAsync(line => line.Contains("listening on", StringComparison.Ordinal));

        // -t: how long socat waits for the echo after its own end of input (0.5 s by default).
        var client = await ToolProcess.RunAsync("socat", ["-t", "15", "-", $"UNIX-CONNECT:{path}"], "over a socket file"u8.ToArray());

        Assert.True(client.ExitCode == 0, client.Errors);
        Assert.Equal("over a socket file"u8.ToArray(), client.Output);
        await relay.SignalAsync("TERM");
        await relay.AssertExitCodeAsync(0);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task A_file_is_sent_to_a_listener_that_writes_it_to_a_file()
    {
        var data = ByteStreams.RandomBytes(3 * 1024 * 1024, seed: 7);
        await File.WriteAllBytesAsync(_files.File("in.bin"), data);
        await using var receiver = CliProcess.Start("tcp-listen:0,bind=127.0.0.1", $"file:{_files.File("out.bin")}");
        var endPoint = await receiver.WaitForListeningAsync();

        var sender = await CliProcess.RunAsync([$"file:{_files.File("in.bin")}", $"tcp:127.0.0.1:{endPoint.Port}"]);

        Assert.True(sender.ExitCode == 0, sender.Errors);
        await receiver.AssertExitCodeAsync(0);
        Assert.Equal(data, await File.ReadAllBytesAsync(_files.File("out.bin")));
    }

    [Fact]
    public async Task Exec_serves_nc_clients_through_a_child_process()
    {
        await using var relay = CliProcess.Start("tcp-listen:0,bind=127.0.0.1,fork", "exec:tr a-z A-Z");
        var endPoint = await relay.WaitForListeningAsync();

        var first = await ToolProcess.RunAsync("nc", ["-N", "127.0.0.1", endPoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)], "shout\n"u8.ToArray());
        var second = await ToolProcess.RunAsync("nc", ["-N", "127.0.0.1", endPoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)], "again\n"u8.ToArray());

        Assert.Equal("SHOUT\n"u8.ToArray(), first.Output);
        Assert.Equal("AGAIN\n"u8.ToArray(), second.Output);
    }

    [Fact]
    public async Task A_missing_input_file_is_bad_input()
    {
        var result = await CliProcess.RunAsync([$"file:{_files.File("absent.bin")}", "stdio"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("no such file", result.Errors, StringComparison.Ordinal);
    }

    public void Dispose() => _files.Dispose();
}
