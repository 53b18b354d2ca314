namespace Streamcaps.Tests.Framing;

/// <summary>Drives a pump directly (RunAsync per chunk, CompleteAsync at the end) and records its output.</summary>
internal static class PumpHarness
{
    public static async Task<List<byte[]>> DecodeAsync(IPump<ReadOnlyMemory<byte>, ReadOnlyMemory<byte>> pump, IEnumerable<byte[]> chunks, bool asynchronousSink = false)
    {
        var sink = new RecordingSink<ReadOnlyMemory<byte>>(static frame => frame.ToArray(), asynchronousSink);
        await RunAsync(pump, chunks.Select(static chunk => (ReadOnlyMemory<byte>)chunk), sink);
        return sink.Items.Select(static frame => frame.ToArray()).ToList();
    }

    public static Task<List<byte[]>> DecodeAsync(IPump<ReadOnlyMemory<byte>, ReadOnlyMemory<byte>> pump, params string[] chunks) =>
        DecodeAsync(pump, chunks.Select(static chunk => System.Text.Encoding.UTF8.GetBytes(chunk)));

    public static async Task<List<string>> DecodeLinesAsync(IPump<ReadOnlyMemory<byte>, ReadOnlyMemory<byte>> pump, params string[] chunks) =>
        (await DecodeAsync(pump, chunks)).Select(static frame => System.Text.Encoding.UTF8.GetString(frame)).ToList();

    public static async Task<List<TOut>> RunAsync<TIn, TOut>(IPump<TIn, TOut> pump, IEnumerable<TIn> chunks, Func<TOut, TOut> keep, bool asynchronousSink = false)
    {
        var sink = new RecordingSink<TOut>(keep, asynchronousSink);
        await RunAsync(pump, chunks, sink);
        return sink.Items;
    }

    /// <summary>Runs a pump whose every step must complete synchronously (a synchronous sink): for
    /// property tests, which are synchronous.</summary>
    public static List<byte[]> Decode(IPump<ReadOnlyMemory<byte>, ReadOnlyMemory<byte>> pump, IEnumerable<byte[]> chunks)
    {
        var task = DecodeAsync(pump, chunks);
        Assert.True(task.IsCompleted, "The pump went asynchronous although its sink completes synchronously.");
        return task.GetAwaiter().GetResult();
    }

    /// <summary>Encodes every frame with <paramref name="encoder"/> and concatenates the wire bytes.</summary>
    public static byte[] Encode(IPump<ReadOnlyMemory<byte>, ReadOnlyMemory<byte>> encoder, IEnumerable<byte[]> frames)
    {
        var task = DecodeAsync(encoder, frames);
        Assert.True(task.IsCompleted, "The encoder went asynchronous although its sink completes synchronously.");
        return task.GetAwaiter().GetResult().SelectMany(static chunk => chunk).ToArray();
    }

    /// <summary>Cuts <paramref name="data"/> into chunks of random sizes (empty ones included).</summary>
    public static List<byte[]> Rechunk(byte[] data, int seed, int maxChunk = 16)
    {
        var random = new Random(seed);
        var chunks = new List<byte[]>();
        for (var at = 0; at < data.Length;)
        {
            var size = Math.Min(random.Next(0, maxChunk + 1), data.Length - at);
            chunks.Add(data[at..(at + size)]);
            at += size;
        }

        return chunks;
    }

    private static async Task RunAsync<TIn, TOut>(IPump<TIn, TOut> pump, IEnumerable<TIn> chunks, RecordingSink<TOut> sink)
    {
        foreach (var chunk in chunks)
        {
            await pump.RunAsync(chunk, sink);
        }

        await pump.CompleteAsync(sink);
    }
}
