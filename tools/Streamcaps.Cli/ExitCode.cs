namespace Streamcaps.Cli;

/// <summary>What the process's exit code says about how the relay ended. Listed in <c>--help</c>; scripts
/// rely on the numbers, so they never change.</summary>
internal enum ExitCode
{
    /// <summary>Every direction ended cleanly (FIN, close_notify, end of file).</summary>
    Clean = 0,

    /// <summary>Any failure without a code of its own (a child process that failed, an I/O error).</summary>
    Failed = 1,

    /// <summary>Bad input: an unknown address or option, a port out of range, an unreadable certificate.</summary>
    Usage = 2,

    /// <summary>A connection was refused.</summary>
    Refused = 3,

    /// <summary>A peer reset its connection (RST), or a TLS stream was cut without close_notify.</summary>
    Reset = 4,

    /// <summary>A connect, handshake, idle or write timeout fired.</summary>
    Timeout = 5,

    /// <summary>A TLS handshake failed or a certificate was rejected.</summary>
    Handshake = 6,

    /// <summary>A host was not found or could not be reached.</summary>
    Unreachable = 7,

    /// <summary>The data broke a pump's rules: an over-long line or frame, invalid UTF-8, corrupt gzip.</summary>
    Protocol = 8,

    /// <summary>Stopped by Ctrl+C or SIGTERM while a transfer was under way (128 + SIGINT, as shells report it).</summary>
    Interrupted = 130,
}
