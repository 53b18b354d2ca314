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
        var seen = new BitArray(count);
        long unique = 0, duplicates = 0, wrong = 0;
        await using var results = await JetStreamConnector.CreateSourceAsync(nats,
            new JetStreamSourceOptions { Stream = Queues.OutputStream, MaxBatch = 1024 }, MessageSerializer.Raw);
        using var deadline = new CancellationTokenSource(timeout);
        using var stopAtDeadline = deadline.Token.Register(results.Stop);
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
        }));

        Console.WriteLine($"collected {unique} unique, {duplicates} duplicates, {wrong} wrong");
        return unique == count && wrong == 0 ? 0 : 1;
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
