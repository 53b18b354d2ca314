using System.IO.Compression;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Streamcaps.Framing;
using Streamcaps.Text;

namespace Streamcaps.Tests.Framing;

/// <summary>
/// What <see cref="FramingProperties"/> leaves out: a frame over the limit always faults with
/// <see cref="FrameTooLongException"/> after the frames before it were delivered, however the bytes are chunked;
/// UTF-8 text decodes the same in any chunking; and the gzip pump: any chunking of whole gzip data gives the data,
/// any cut is seen, random bytes give only its documented errors. Nothing may hang: decoders run synchronously
/// (the harness checks it), and every gzip run is bounded.
/// </summary>
public class FramingLimitProperties
{
    private const int Limit = 16;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    // Gzip cases cost more than framing ones: fewer of them keep the whole class within a few seconds.
    private static readonly Config GzipRuns = Config.QuickThrowOnFailure.WithMaxTest(50);
    private static readonly Gen<int> Seeds = Gen.Choose(0, int.MaxValue);
    private static readonly Gen<byte> Letters = Gen.Choose('a', 'e').Select(static b => (byte)b);
    private static readonly Gen<byte> AnyByte = Gen.Choose(0, 255).Select(static b => (byte)b);

    private static Gen<byte[]> Bytes(Gen<byte> bytes, int minLength, int maxLength) =>
        Gen.Choose(minLength, maxLength).SelectMany(length => Gen.ArrayOf(bytes, length));

    [Fact]
    public void A_frame_over_the_limit_faults_with_FrameTooLongException_after_the_frames_before_it()
    {
        var cases =
            from kind in Gen.Elements("line", "delimiter", "length prefix")
            from before in Gen.Choose(0, 5).SelectMany(count => Gen.ArrayOf(Bytes(Letters, 0, Limit), count))
            from tooLong in Bytes(Letters, Limit + 1, 3 * Limit)
            select (kind, before, tooLong);

        Prop.ForAll(cases.ToArbitrary(), Seeds.ToArbitrary(), (input, seed) =>
            {
                var (encoder, decoder) = Framers(input.kind);
                byte[] wire = [.. PumpHarness.Encode(encoder, input.before), .. Unchecked(input.kind, input.tooLong)];
                var sink = new RecordingSink<ReadOnlyMemory<byte>>(static frame => frame.ToArray());
                var run = Feed(decoder, PumpHarness.Rechunk(wire, seed), sink);
                return run.IsCompleted
                    && run.Exception?.InnerException is FrameTooLongException { MaxFrameLength: Limit }
                    && sink.Items.Select(static frame => frame.ToArray()).SequenceEqual(input.before, ByteArrays.Instance);
            })
            .QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Utf8_text_decodes_the_same_in_any_chunking()
    {
        var text = Gen.Elements("a", "é", "€", "𝄞", "\n", "ü", "中").ArrayOf().Select(static parts => string.Concat(parts));

        Prop.ForAll(text.ToArbitrary(), Seeds.ToArbitrary(), (value, seed) =>
                DecodeText(new Utf8Decoder(), Encoding.UTF8.GetBytes(value), seed) == value)
            .QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Random_bytes_decode_as_UTF8_with_replacement_or_fail_with_InvalidUtf8Exception()
    {
        Prop.ForAll(Bytes(AnyByte, 0, 64).ToArbitrary(), Seeds.ToArbitrary(), (bytes, seed) =>
            {
                var replaced = DecodeText(new Utf8Decoder(InvalidTextHandling.Replace), bytes, seed) == Encoding.UTF8.GetString(bytes);
                try
                {
                    return replaced && DecodeText(new Utf8Decoder(), bytes, seed) == Encoding.UTF8.GetString(bytes);
                }
                catch (InvalidUtf8Exception)
                {
                    return replaced && !IsValidUtf8(bytes);
                }
            })
            .QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Whole_gzip_data_decompresses_the_same_in_any_chunking()
    {
        var members = Gen.Choose(1, 3).SelectMany(count => Gen.ArrayOf(Bytes(Gen.OneOf(Letters, AnyByte), 0, 3000), count));

        Prop.ForAll(members.ToArbitrary(), Seeds.ToArbitrary(), (data, seed) =>
                Gunzip(Gzip(data), seed, maxChunk: 1 + (seed % 700)).SequenceEqual(data.SelectMany(static member => member)))
            .Check(GzipRuns);
    }

    [Fact]
    public void Gzip_data_cut_anywhere_but_a_member_boundary_fails_with_TruncatedFrameException()
    {
        var cases =
            from data in Gen.ArrayOf(Bytes(Gen.OneOf(Letters, AnyByte), 0, 2000), 2)
            from fraction in Gen.Choose(0, 999)
            select (data, fraction);

        Prop.ForAll(cases.ToArbitrary(), Seeds.ToArbitrary(), (input, seed) =>
            {
                var first = Gzip([input.data[0]]);
                var whole = Gzip(input.data);
                var cut = whole.Length * input.fraction / 1000;
                try
                {
                    Gunzip(whole[..cut], seed, maxChunk: 64);
                    return cut == first.Length;
                }
                catch (TruncatedFrameException)
                {
                    return cut != first.Length;
                }
            })
            .QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Random_bytes_give_the_gzip_pump_only_its_FramingException()
    {
        // Random bytes after a valid header reach the inflater; a valid member with bytes flipped reaches the trailer.
        var garbage = Gen.OneOf(
            Bytes(AnyByte, 0, 200).Select(static rest => (byte[])[0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 0xFF, .. rest]),
            Bytes(AnyByte, 0, 200),
            Gen.Choose(0, 10_000).Select(static at => Flipped(at)));

        Prop.ForAll(garbage.ToArbitrary(), Seeds.ToArbitrary(), (bytes, seed) =>
            {
                try
                {
                    Gunzip(bytes, seed, maxChunk: 32);
                    return true;
                }
                catch (FramingException)
                {
                    return true;
                }
            })
            .QuickCheckThrowOnFailure();
    }

    private static (FrameEncoder Encoder, FrameDecoder Decoder) Framers(string kind) => kind switch
    {
        "line" => (new LineEncoder(Limit), new LineDecoder(Limit)),
        "delimiter" => (new DelimiterEncoder("|"u8, Limit), new DelimiterDecoder("|"u8, Limit)),
        _ => (new LengthPrefixEncoder(new LengthPrefixOptions(Limit) { LengthFieldSize = 2 }), new LengthPrefixDecoder(new LengthPrefixOptions(Limit) { LengthFieldSize = 2 })),
    };

    /// <summary>The frame as a sender with no limit would put it on the wire.</summary>
    private static byte[] Unchecked(string kind, byte[] frame) => kind switch
    {
        "line" => [.. frame, (byte)'\n'],
        "delimiter" => [.. frame, (byte)'|'],
        _ => [(byte)(frame.Length >> 8), (byte)frame.Length, .. frame],
    };

    private static Task Feed(FrameDecoder decoder, List<byte[]> chunks, RecordingSink<ReadOnlyMemory<byte>> sink) =>
        RunPumpAsync(decoder, chunks.Select(static chunk => (ReadOnlyMemory<byte>)chunk), sink);

    private static async Task RunPumpAsync<TOut>(IPump<ReadOnlyMemory<byte>, TOut> pump, IEnumerable<ReadOnlyMemory<byte>> chunks, ISink<TOut> sink)
    {
        foreach (var chunk in chunks)
        {
            await pump.RunAsync(chunk, sink);
        }

        await pump.CompleteAsync(sink);
    }

    private static string DecodeText(Utf8Decoder decoder, byte[] bytes, int seed)
    {
        var run = PumpHarness.RunAsync(decoder, PumpHarness.Rechunk(bytes, seed, maxChunk: 5).Select(static chunk => (ReadOnlyMemory<byte>)chunk), static text => text.ToArray());
        Assert.True(run.IsCompleted, "The UTF-8 decoder went asynchronous although its sink completes synchronously.");
        return string.Concat(run.GetAwaiter().GetResult().Select(static text => text.ToString()));
    }

    private static bool IsValidUtf8(byte[] bytes) => System.Text.Unicode.Utf8.IsValid(bytes);

    private static byte[] Gzip(IEnumerable<byte[]> members) => members.SelectMany(static member =>
    {
        var output = new MemoryStream();
        using (var encoder = new GZipStream(output, CompressionLevel.Fastest))
        {
            encoder.Write(member);
        }

        return output.ToArray();
    }).ToArray();

    private static byte[] Flipped(int at)
    {
        var member = Gzip([Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("flip a bit ", 1000)))]);
        member[at % member.Length] ^= (byte)(1 << (at % 8));
        return member;
    }

    private static byte[] Gunzip(byte[] gzip, int seed, int maxChunk)
    {
        var output = new List<byte>();
        var run = RunPumpAsync(Pump.GzipDecompress(bufferSize: 1 + (seed % 5000)), PumpHarness.Rechunk(gzip, seed, maxChunk).Select(static chunk => (ReadOnlyMemory<byte>)chunk),
            Sink.ForEach<ReadOnlyMemory<byte>>(chunk => output.AddRange(chunk.ToArray())));
        run.WaitAsync(Bound).GetAwaiter().GetResult();
        return [.. output];
    }

    private sealed class ByteArrays : IEqualityComparer<byte[]>
    {
        public static ByteArrays Instance { get; } = new();

        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] obj) => obj.Length;
    }
}
