using Streamcaps;

namespace ChatServer;

/// <summary>One client in the room: its name and its bounded queue of lines to send.</summary>
internal sealed class ChatMember(int id, ChatOptions options)
{
    /// <summary>Lines waiting for this client. Delivering to it never waits: when it is full the line is
    /// dropped for this client and counted in <see cref="BufferedPipe{T}.DroppedCount"/>.</summary>
    public BufferedPipe<string> Outbox { get; } =
        BufferedPipe.Create<string>(new BufferOptions { Capacity = options.MaxQueuedLines, Overflow = OverflowMode.DropNewest });

    public string Name { get; } = $"user{id}";
}
