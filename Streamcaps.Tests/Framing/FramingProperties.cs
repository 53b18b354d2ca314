using FsCheck;
using FsCheck.Fluent;
using Streamcaps.Framing;

namespace Streamcaps.Tests.Framing;

/// <summary>For every framing pump: random frames, encoded, cut into random chunks and decoded, come back
/// as they were; random bytes give frames within the limit or a <see cref="FramingException"/>, never
/// anything else.</summary>
public class FramingProperties
{
    private const int MaxLength = 40;

    // A small alphabet makes partial delimiters, CRs before LFs and chunk-edge cases frequent.
    private static readonly Gen<byte> SmallAlphabet = Gen.Elements((byte)'a', (byte)'b', (byte)'\r', (byte)'\n', (byte)0);

    private static readonly Gen<int> Seeds = Gen.Choose(0, int.MaxValue);

    private static Gen<byte[]> Frame(Gen<byte> bytes, int maxLength) =>
        Gen.Choose(0, maxLength).SelectMany(length => Gen.ArrayOf(bytes, length));

    private static Gen<byte[][]> Frames(Gen<byte[]> frame) => Gen.Choose(0, 12).SelectMany(count => Gen.ArrayOf(frame, count));

    private static bool RoundTrips(FrameEncoder encoder, FrameDecoder decoder, byte[][] frames, int seed, Func<byte[], byte[]>? expected = null)
    {
        var wire = PumpHarness.Encode(encoder, frames);
        var decoded = PumpHarness.Decode(decoder, PumpHarness.Rechunk(wire, seed));
        var want = frames.Select(expected ?? (static frame => frame)).ToList();
        return decoded.Count == want.Count && decoded.Zip(want).All(static pair => pair.First.AsSpan().SequenceEqual(pair.Second));
    }

    [Fact]
    public void Lines_round_trip_through_any_chunking()
    {
        var lines = Frame(SmallAlphabet.Where(static b => b != '\n'), MaxLength).Where(static line => line.Length == 0 || line[^1] != '\r');
        var terminators = Gen.Elements(LineTerminator.LineFeed, LineTerminator.CarriageReturnLineFeed);

        Prop.ForAll(Frames(lines).ToArbitrary(), terminators.ToArbitrary(), Seeds.ToArbitrary(), (frames, terminator, seed) =>
                RoundTrips(new LineEncoder(MaxLength, terminator), new LineDecoder(MaxLength), frames, seed))
            .QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Delimited_frames_round_trip_through_any_chunking()
    {
        var delimiters = Gen.Choose(1, 3).SelectMany(length => Gen.ArrayOf(SmallAlphabet, length));
        var cases = delimiters.SelectMany(delimiter => Frames(Frame(SmallAlphabet, MaxLength).Where(frame => Encodable(frame, delimiter)))
            .Select(frames => (delimiter, frames)));

        Prop.ForAll(cases.ToArbitrary(), Seeds.ToArbitrary(), (input, seed) =>
                RoundTrips(new DelimiterEncoder(input.delimiter, MaxLength), new DelimiterDecoder(input.delimiter, MaxLength), input.frames, seed))
            .QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Length_prefixed_frames_round_trip_through_any_chunking_for_every_field_shape()
    {
        var shapes =
            from size in Gen.Elements(1, 2, 4, 8)
            from order in Gen.Elements(ByteOrder.BigEndian, ByteOrder.LittleEndian)
            from offset in Gen.Choose(0, 3)
            from adjustment in Gen.Choose(-8, 0)
            from signed in Gen.Elements(false, true)
            select new LengthPrefixOptions(MaxLength)
            {
                LengthFieldSize = size, ByteOrder = order, LengthFieldOffset = offset, LengthAdjustment = adjustment, LengthFieldIsSigned = signed,
            };
        var cases = shapes.SelectMany(options => Frames(Frame(Gen.Choose(0, 255).Select(static b => (byte)b), MaxLength)
                .Select(frame => frame.Length < options.LengthFieldOffset ? new byte[options.LengthFieldOffset] : frame))
            .Select(frames => (options, frames)));

        Prop.ForAll(cases.ToArbitrary(), Seeds.ToArbitrary(), (input, seed) =>
                RoundTrips(new LengthPrefixEncoder(input.options), new LengthPrefixDecoder(input.options), input.frames, seed, frame => frame[input.options.LengthFieldOffset..]))
            .QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Fixed_size_records_round_trip_through_any_chunking()
    {
        var cases = Gen.Choose(1, 9).SelectMany(size => Frames(Gen.ArrayOf(SmallAlphabet, size)).Select(records => (size, records)));

        Prop.ForAll(cases.ToArbitrary(), Seeds.ToArbitrary(), (input, seed) =>
                RoundTrips(new FixedSizeEncoder(input.size), new FixedSizeDecoder(input.size), input.records, seed))
            .QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Random_bytes_give_frames_within_the_limit_or_a_FramingException()
    {
        const int Limit = 8;
        var decoders = Gen.Elements<Func<FrameDecoder>>(
            () => new LineDecoder(Limit),
            () => new DelimiterDecoder("ab"u8, Limit),
            () => new LengthPrefixDecoder(new LengthPrefixOptions(Limit) { LengthFieldSize = 1 }),
            () => new LengthPrefixDecoder(new LengthPrefixOptions(Limit) { LengthFieldSize = 2, LengthAdjustment = -2, LengthFieldIsSigned = true }),
            () => new FixedSizeDecoder(Limit));
        var garbage = Frame(Gen.OneOf(SmallAlphabet, Gen.Choose(0, 255).Select(static b => (byte)b)), 200);

        Prop.ForAll(decoders.ToArbitrary(), garbage.ToArbitrary(), Seeds.ToArbitrary(), (decoder, bytes, seed) =>
            {
                try
                {
                    return PumpHarness.Decode(decoder(), PumpHarness.Rechunk(bytes, seed)).All(static frame => frame.Length <= Limit);
                }
                catch (FramingException)
                {
                    return true;
                }
            })
            .QuickCheckThrowOnFailure();
    }

    /// <summary>Whether a receiver cutting at <paramref name="delimiter"/> gets <paramref name="frame"/> back.</summary>
    private static bool Encodable(byte[] frame, byte[] delimiter) =>
        ((ReadOnlySpan<byte>)[.. frame, .. delimiter.AsSpan(0, delimiter.Length - 1)]).IndexOf(delimiter) < 0;
}
