using System.Net.Sockets;
using Streamcaps.Net;
using Streamcaps.Tests.Conformance;

namespace Streamcaps.Tests.Net;

public sealed class UnixSocketTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task An_echo_server_on_a_socket_file_echoes_and_half_closes()
    {
        var path = UnixSockets.NewPath();
        await using var server = await Unix.ListenAsync(path, c => Flow.RunAsync(c.Source, c.Sink));
        Assert.IsType<UnixDomainSocketEndPoint>(server.LocalEndPoint);

        await using var client = await Unix.ConnectAsync(path).WaitAsync(Patience);
        await client.Sink.RunAsync("over a file"u8.ToArray());
        await client.Sink.CompleteAsync();

        Assert.Equal("over a file"u8.ToArray(), await ByteStreams.ReadToEndAsync(client.Source).WaitAsync(Patience));
    }

    [Fact]
    public async Task A_stopped_server_removes_its_socket_file()
    {
        var path = UnixSockets.NewPath();
        var server = await Unix.ListenAsync(path, c => Flow.RunAsync(c.Source, c.Sink));
        Assert.True(File.Exists(path));

        await server.DisposeAsync();

        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task Listening_on_an_existing_path_fails_as_address_in_use()
    {
        var path = UnixSockets.NewPath();
        await using var first = await Unix.ListenAsync(path, c => Flow.RunAsync(c.Source, c.Sink));

        var failure = await Assert.ThrowsAsync<SocketException>(() => Unix.ListenAsync(path, c => Task.CompletedTask));

        Assert.Equal(SocketError.AddressAlreadyInUse, failure.SocketErrorCode);
        Assert.True(File.Exists(path), "the failed bind must not remove the first server's socket file");
    }

    [Fact]
    public async Task Connecting_to_a_path_nobody_listens_on_fails_as_a_socket_error()
    {
        var failure = await Assert.ThrowsAsync<SocketException>(() => Unix.ConnectAsync(UnixSockets.NewPath()));

        Assert.Equal(SocketError.AddressNotAvailable, failure.SocketErrorCode);
    }
}
