namespace Streamcaps.Net;

/// <summary>The tunables of a TLS connection that .NET's <see cref="System.Net.Security.SslClientAuthenticationOptions"/>
/// and <see cref="System.Net.Security.SslServerAuthenticationOptions"/> do not cover.</summary>
public sealed class TlsConnectionOptions
{
    /// <summary>The default handshake timeout: 10 seconds.</summary>
    public static readonly TimeSpan DefaultHandshakeTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The default receive buffer: 16 KiB, the largest plaintext a TLS record carries.</summary>
    public const int DefaultReceiveBufferSize = 16 * 1024;

    /// <summary>The options used when none are given.</summary>
    public static TlsConnectionOptions Default { get; } = new();

    /// <summary>How long the handshake may take, from the first byte sent or awaited to the last; a peer
    /// that stalls beyond it fails the handshake with <see cref="TimeoutException"/>. Default: 10 seconds;
    /// <see cref="Timeout.InfiniteTimeSpan"/> waits for ever.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Zero or negative (other than infinite).</exception>
    public TimeSpan HandshakeTimeout
    {
        get;
        init => field = OptionGuard.PositiveOrInfinite(value);
    } = DefaultHandshakeTimeout;

    /// <summary>The size of the pooled buffer the source decrypts into; each delivered chunk is at most this
    /// long. The buffer is taken from the pool only when data has arrived, so an idle connection holds none.
    /// Default: <see cref="DefaultReceiveBufferSize"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Less than one.</exception>
    public int ReceiveBufferSize
    {
        get;
        init => field = OptionGuard.AtLeast(value, 1);
    } = DefaultReceiveBufferSize;
}
