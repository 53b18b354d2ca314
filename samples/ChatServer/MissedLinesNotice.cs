using Streamcaps;

namespace ChatServer;

/// <summary>
/// A pump on a client's way out: before the next line it tells the client how many lines it missed since
/// the last notice (dropped because its queue was full), so a slow client knows the conversation has gaps.
/// </summary>
internal sealed class MissedLinesNotice(BufferedPipe<string> outbox) : IPump<string, string>
{
    private long _reported;

    public async ValueTask RunAsync(string item, ISink<string> output, CancellationToken cancellationToken = default)
    {
        var dropped = outbox.DroppedCount;
        if (dropped > _reported)
        {
            var missed = dropped - _reported;
            _reported = dropped;
            await output.RunAsync($"* you missed {missed} lines (you were reading too slowly)", cancellationToken).ConfigureAwait(false);
        }

        await output.RunAsync(item, cancellationToken).ConfigureAwait(false);
    }

    public ValueTask CompleteAsync(ISink<string> output, CancellationToken cancellationToken = default) => default;
}
