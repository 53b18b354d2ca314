using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Streamcaps.Tests.Conformance;
using Streamcaps.Tests.Support;

namespace Streamcaps.Tests.Samples;

public sealed class FileSendSampleTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    [Fact]
    public async Task FileSend_moves_a_file_byte_for_byte()
    {
        var data = ByteStreams.RandomBytes(2 * 1024 * 1024 + 3, seed: 10);
        var from = _directory.File("from.bin");
        var to = _directory.File("to.bin");
        await File.WriteAllBytesAsync(from, data);
        await using var receiver = await StartReceiverAsync(to);

        var sender = await ToolProcess.RunAsync("dotnet", [SampleProcess.SamplePath("FileSend"), "send", from, "127.0.0.1", receiver.Port]);

        Assert.True(sender.ExitCode == 0, $"sender failed: {sender.Errors}");
        Assert.Equal($"receiver: ok {data.Length}\n", Encoding.ASCII.GetString(sender.Output));
        Assert.Equal(0, await receiver.Process.WaitForExitAsync());
        Assert.Equal(data, await File.ReadAllBytesAsync(to));
    }

    [Fact]
    public async Task FileSend_sends_its_standard_input_when_the_file_is_a_dash()
    {
        var text = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("piped through stdin\n", 5_000)));
        var to = _directory.File("stdin.txt");
        await using var receiver = await StartReceiverAsync(to);

        var sender = await ToolProcess.RunAsync("dotnet", [SampleProcess.SamplePath("FileSend"), "send", "-", "127.0.0.1", receiver.Port], text);

        Assert.True(sender.ExitCode == 0, $"sender failed: {sender.Errors}");
        Assert.Equal(0, await receiver.Process.WaitForExitAsync());
        Assert.Equal(text, await File.ReadAllBytesAsync(to));
    }

    [Fact]
    public async Task FileSend_puts_gzip_on_the_wire()
    {
        var data = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("compress me ", 20_000)));
        var from = _directory.File("plain.txt");
        await File.WriteAllBytesAsync(from, data);
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        var port = ((IPEndPoint)listener.LocalEndPoint!).Port.ToString(CultureInfo.InvariantCulture);

        var sending = ToolProcess.RunAsync("dotnet", [SampleProcess.SamplePath("FileSend"), "send", from, "127.0.0.1", port]);
        using var peer = await listener.AcceptAsync().WaitAsync(SampleProcess.DefaultTimeout);
        var wire = new MemoryStream();
        await new NetworkStream(peer).CopyToAsync(wire).WaitAsync(SampleProcess.DefaultTimeout);
        await peer.SendAsync(Encoding.ASCII.GetBytes($"ok {data.Length}\n"));
        peer.Shutdown(SocketShutdown.Send);

        Assert.Equal(0, (await sending).ExitCode);
        Assert.True(wire.Length < data.Length / 10, $"{wire.Length} bytes on the wire for {data.Length}: not compressed");
        using var gunzip = new GZipStream(new MemoryStream(wire.ToArray()), CompressionMode.Decompress);
        var decoded = new MemoryStream();
        await gunzip.CopyToAsync(decoded);
        Assert.Equal(data, decoded.ToArray());
    }

    private static async Task<RunningReceiver> StartReceiverAsync(string output)
    {
        var process = SampleProcess.Start("FileSend", "receive", "0", output);
        var endPoint = await process.WaitForListeningAsync();
        return new RunningReceiver(process, endPoint.Port.ToString(CultureInfo.InvariantCulture));
    }

    private sealed record RunningReceiver(SampleProcess Process, string Port) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Process.DisposeAsync();
    }

    public void Dispose() => _directory.Dispose();
}
