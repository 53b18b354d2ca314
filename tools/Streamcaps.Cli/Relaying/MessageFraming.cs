using Streamcaps.Framing;

namespace Streamcaps.Cli.Relaying;

/// <summary>How one side of the relay frames its messages: <c>--lines MAX</c> (a line of at most MAX bytes,
/// LF or CRLF, written back with LF) or <c>--length-prefixed BYTES</c> (a big-endian length of BYTES bytes, then
/// the message, at most <c>--max-frame</c>).</summary>
internal abstract record MessageFraming
{
    public abstract FrameDecoder Decoder();

    public abstract FrameEncoder Encoder();

    public sealed record Lines(int MaxLineLength) : MessageFraming
    {
        public override FrameDecoder Decoder() => new LineDecoder(MaxLineLength);

        public override FrameEncoder Encoder() => new LineEncoder(MaxLineLength);
    }

    public sealed record LengthPrefixed(int LengthFieldSize, int MaxFrameLength) : MessageFraming
    {
        private LengthPrefixOptions Options => new(MaxFrameLength) { LengthFieldSize = LengthFieldSize };

        public override FrameDecoder Decoder() => new LengthPrefixDecoder(Options);

        public override FrameEncoder Encoder() => new LengthPrefixEncoder(Options);
    }
}
