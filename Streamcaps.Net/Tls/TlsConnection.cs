using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Streamcaps.Interop;

namespace Streamcaps.Net;

/// <summary>
/// A TLS connection over any transport <see cref="IConnection"/>, as a source/sink pair, with what the
/// handshake negotiated. Create one with <see cref="Tls"/>.
/// </summary>
/// <remarks>
/// <para><see cref="Source"/> delivers the decrypted bytes, each chunk lent until its delivery completes. It
/// completes when the peer sends close_notify (data that arrived before it is delivered first), and aborts
/// with <see cref="IOException"/> when the transport ends without close_notify: a cut stream is never
/// mistaken for a clean end.</para>
/// <para><see cref="Sink"/>'s delivery completes when the encrypted records were accepted by the transport.
/// <see cref="ISink{T}.CompleteAsync"/> sends close_notify and then completes the transport's sink (FIN);
/// reading goes on. <see cref="ISink{T}.AbortAsync"/> aborts the transport's sink (a TCP reset).</para>
/// <para>The TLS session and the transport are released when both directions have finished, or on
/// <see cref="DisposeAsync"/>.</para>
/// </remarks>
public sealed class TlsConnection : IConnection, ITlsConnectionInfo, IConnectionStatus, IStoppableConnection
{
    private readonly SslStream _ssl;
    private readonly TlsSource _source;
    private readonly TlsSink _sink;
    private int _finishedDirections;
    private int _released;

    internal TlsConnection(IConnection transport, DuplexStream transportStream, SslStream ssl, TlsConnectionOptions options)
    {
        Transport = transport;
        _ssl = ssl;
        _source = new TlsSource(this, ssl, transportStream, options.ReceiveBufferSize);
        _sink = new TlsSink(this, ssl, transportStream, transport.Sink);
        Protocol = ssl.SslProtocol;
        CipherSuite = ssl.NegotiatedCipherSuite;
        ApplicationProtocol = ssl.NegotiatedApplicationProtocol;
        TargetHostName = ssl.TargetHostName;
        IsMutuallyAuthenticated = ssl.IsMutuallyAuthenticated;
        // A copy: the session's own certificate object goes away with the session.
        RemoteCertificate = ssl.RemoteCertificate is { } remote ? X509CertificateLoader.LoadCertificate(remote.GetRawCertData()) : null;
    }

    /// <inheritdoc/>
    public ISource<ReadOnlyMemory<byte>> Source => _source;

    /// <inheritdoc/>
    public ISink<ReadOnlyMemory<byte>> Sink => _sink;

    /// <inheritdoc/>
    public EndPoint LocalEndPoint => Transport.LocalEndPoint;

    /// <inheritdoc/>
    public EndPoint RemoteEndPoint => Transport.RemoteEndPoint;

    /// <summary>The connection TLS runs over. It belongs to this connection: do not use its source or sink.</summary>
    public IConnection Transport { get; }

    /// <summary>The negotiated protocol version (<see cref="SslProtocols.Tls12"/>, <see cref="SslProtocols.Tls13"/>).</summary>
    public SslProtocols Protocol { get; }

    /// <summary>The negotiated cipher suite.</summary>
    public TlsCipherSuite CipherSuite { get; }

    /// <summary>The application protocol agreed through ALPN, or <see langword="default"/> when none was.</summary>
    public SslApplicationProtocol ApplicationProtocol { get; }

    /// <summary>The server name: what the client asked for (SNI), seen from either side.</summary>
    public string TargetHostName { get; }

    /// <summary>Whether both sides presented a certificate (mutual TLS).</summary>
    public bool IsMutuallyAuthenticated { get; }

    /// <summary>The peer's certificate, or <see langword="null"/> when it sent none (a client without one).
    /// It is a copy the caller may keep; it is not disposed with the connection.</summary>
    public X509Certificate2? RemoteCertificate { get; }

    /// <inheritdoc/>
    void IStoppableConnection.EndSource() => _source.End();

    /// <summary>Releases the TLS session and disposes the transport, whatever state the directions are in:
    /// a direction still open ends abruptly (the peer sees no close_notify). Safe to call more than once.</summary>
    public ValueTask DisposeAsync()
    {
        Status.Dispose();
        return ReleaseAsync();
    }

    /// <summary>How each direction ended, for <c>connection.State</c>.</summary>
    ConnectionStatus IConnectionStatus.Status => Status;

    internal ConnectionStatus Status { get; } = new();

    /// <summary>Called once by the source and once by the sink when they will not use the session again.</summary>
    internal ValueTask FinishDirectionAsync() =>
        Interlocked.Increment(ref _finishedDirections) == 2 ? ReleaseAsync() : default;

    private async ValueTask ReleaseAsync()
    {
        if (Interlocked.Exchange(ref _released, 1) != 0)
        {
            return;
        }

        try
        {
            await _ssl.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            await Transport.DisposeAsync().ConfigureAwait(false);
        }
    }
}
