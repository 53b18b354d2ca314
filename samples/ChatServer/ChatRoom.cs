using Streamcaps;
using Streamcaps.Net;
using Streamcaps.Text;

namespace ChatServer;

/// <summary>
/// The room: every line a client sends goes to every client (its sender too), prefixed with the sender's
/// name; joins and leaves are announced.
/// </summary>
/// <remarks>
/// Fan-out policy: a line is put in each client's own bounded queue (<see cref="ChatOptions.MaxQueuedLines"/>),
/// which never waits; each client's socket drains its queue at its own pace. A client that falls behind by
/// more than its queue misses the newest lines and is told how many — it never slows the others. A sender
/// waits only for the room's lock while its line is queued for everyone, so lines reach all clients in one order.
/// </remarks>
internal sealed class ChatRoom(ChatOptions options) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly List<ChatMember> _members = [];
    private int _lastId;

    public async Task ServeAsync(IConnection connection)
    {
        var member = new ChatMember(Interlocked.Increment(ref _lastId), options);
        var sending = Flow.RunAsync(
            member.Outbox.Source.Through(new MissedLinesNotice(member.Outbox)),
            Pump.Utf8LineWriter(options.MaxLineLength + 64).Into(connection.Sink));

        await JoinAsync(member).ConfigureAwait(false);
        try
        {
            var lines = connection.Source.Through(Pump.Utf8Lines(options.MaxLineLength, InvalidTextHandling.Replace));
            await lines.ForEachAsync((line, _) => PublishAsync($"[{member.Name}] {line}")).ConfigureAwait(false);
        }
        finally
        {
            await LeaveAsync(member).ConfigureAwait(false);
            await FinishSendingAsync(sending).ConfigureAwait(false);
        }
    }

    private async ValueTask PublishAsync(string line)
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            foreach (var member in _members)
            {
                // A dropping queue completes at once, full or not.
                await member.Outbox.Sink.RunAsync(line).ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task JoinAsync(ChatMember member)
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            _members.Add(member);
        }
        finally
        {
            _gate.Release();
        }

        await PublishAsync($"* {member.Name} joined").ConfigureAwait(false);
    }

    private async Task LeaveAsync(ChatMember member)
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            _members.Remove(member);
            await member.Outbox.Sink.CompleteAsync().ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }

        await PublishAsync($"* {member.Name} left").ConfigureAwait(false);
    }

    /// <summary>Lets the queued lines go out (then the connection half-closes), within the flush timeout.</summary>
    private async Task FinishSendingAsync(Task sending)
    {
        try
        {
            await sending.WaitAsync(options.FlushTimeout).ConfigureAwait(false);
        }
        catch (Exception problem) when (problem is TimeoutException or IOException or System.Net.Sockets.SocketException)
        {
            // The client is gone or not reading: the server closes the connection when this handler returns.
        }
    }

    public void Dispose() => _gate.Dispose();
}
