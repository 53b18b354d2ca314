namespace Streamcaps.Cli.Relaying;

/// <summary>Which directions a relay runs.</summary>
internal enum RelayDirections
{
    /// <summary>Both ways (the default).</summary>
    Both,

    /// <summary>First address to second only (<c>-u</c>).</summary>
    ForwardOnly,

    /// <summary>Second address to first only (<c>-U</c>).</summary>
    BackwardOnly,
}

/// <summary>What the command line asks of every relay: directions, pumps and timeouts.</summary>
internal sealed record RelayOptions
{
    public RelayDirections Directions { get; init; }

    /// <summary>How the first address frames its data; null for raw bytes.</summary>
    public MessageFraming? FirstFraming { get; init; }

    /// <summary>How the second address frames its data; null for raw bytes.</summary>
    public MessageFraming? SecondFraming { get; init; }

    /// <summary>Compress toward the second address and decompress toward the first (<c>--gzip</c>).</summary>
    public bool Gzip { get; init; }

    /// <summary>Decompress toward the second address and compress toward the first (<c>--gunzip</c>).</summary>
    public bool Gunzip { get; init; }

    /// <summary>Check that the first address's data is UTF-8 (<c>--utf8</c>).</summary>
    public bool Utf8 { get; init; }

    /// <summary>Dump both directions to stderr (<c>--hex-dump</c>).</summary>
    public bool HexDump { get; init; }

    /// <summary>At most this many bytes per second each way (<c>--rate</c>); null for no limit.</summary>
    public long? BytesPerSecond { get; init; }

    /// <summary>End the relay with a timeout when nothing moved either way for this long (<c>--idle-timeout</c>).</summary>
    public TimeSpan? IdleTimeout { get; init; }
}
