using System.Buffers.Text;
using System.Collections;
using NATS.Client.Core;
using Streamcaps.Brokers.Serialization;
using Streamcaps.Nats.JetStream;

namespace Streamcaps.Samples.WorkQueue;

/// <summary><c>collect</c>: reads <c>wq.out</c> from the start and checks every <c>i,i*i</c> until all N ids
/// arrived or the timeout passed.</summary>
internal static class Collect
{
    public static async Task<int> RunAsync(INatsConnection nats, int count, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            try
            {
                var (unique, duplicates, wrong) = await ReadAllAsync(nats, count, deadline.Token);
                Console.WriteLine($"collected {unique} unique, {duplicates} duplicates, {wrong} wrong");
                return unique == count && wrong == 0 ? 0 : 1;
            }
            catch (Exception failure) when (!deadline.IsCancellationRequested && failure is IOException or TimeoutException or NatsException)
            {
                // A cluster whose node just restarted may answer no JetStream API call until it elected its leaders
                // again: read the whole stream again, from the start, once it answers.
                Console.Error.WriteLine($"collect: {failure.Message}; reading again from the start");
                await Task.Delay(TimeSpan.FromSeconds(1));
            }
        }
    }

    /// <summary>One pass over <c>wq.out</c> from the start, until all <paramref name="count"/> ids arrived or the
    /// deadline passed: how many unique ids, duplicates and wrong payloads it saw.</summary>
    private static async Task<(long Unique, long Duplicates, long Wrong)> ReadAllAsync(INatsConnection nats, int count, CancellationToken deadline)
    {
        var seen = new BitArray(count);
        long unique = 0, duplicates = 0, wrong = 0;
        // The deadline stops the source (a clean end, so the counts so far are printed) instead of cancelling calls.
        await using var results = await JetStreamConnector.CreateSourceAsync(nats,
            new JetStreamSourceOptions { Stream = Queues.OutputStream, MaxBatch = 1024 }, MessageSerializer.Raw, CancellationToken.None);
        using var stopAtDeadline = deadline.Register(results.Stop);
        if (count == 0)
        {
            results.Stop();
        }

        await Flow.RunAsync(results, Sink.ForEach<JetStreamMessage<ReadOnlyMemory<byte>>>(message =>
        {
            if (!TryParse(message.Payload.Span, out var number, out var square) || number < 0 || number >= count || square != number * number)
            {
                wrong++;
                return;
            }

            if (seen[(int)number])
            {
                duplicates++;
                return;
            }

            seen[(int)number] = true;
            if (++unique == count)
            {
                results.Stop();
            }
        }), CancellationToken.None);

        return (unique, duplicates, wrong);
    }

    private static bool TryParse(ReadOnlySpan<byte> text, out long number, out long square)
    {
        square = 0;
        return Utf8Parser.TryParse(text, out number, out var used)
            && used < text.Length && text[used] == (byte)','
            && Utf8Parser.TryParse(text[(used + 1)..], out square, out var usedSquare)
            && used + 1 + usedSquare == text.Length;
    }
}
