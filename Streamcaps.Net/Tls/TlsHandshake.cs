using System.Net.Security;
using System.Security.Authentication;
using Streamcaps.Interop;

namespace Streamcaps.Net;

/// <summary>Runs a TLS handshake over a transport within the handshake timeout and turns every way it can
/// fail into a clear exception.</summary>
internal static class TlsHandshake
{
    public static Task<IConnection> AsClientAsync(IConnection transport, SslClientAuthenticationOptions options,
        TlsConnectionOptions tls, CancellationToken cancellationToken)
    {
        var check = options.RemoteCertificateValidationCallback is null
            ? new CertificateCheck("server", options.TargetHost, certificateRequired: true)
            : null;
        return RunAsync(transport, tls, check, (ssl, token) => ssl.AuthenticateAsClientAsync(options, token), cancellationToken);
    }

    public static Task<IConnection> AsServerAsync(IConnection transport, SslServerAuthenticationOptions options,
        TlsConnectionOptions tls, CancellationToken cancellationToken)
    {
        // Only a server that requires client certificates has a rejection to explain. Without one the callback
        // has nothing to check, yet it is not free: with it installed, a full handshake measured 1.07–1.63x the
        // time of a bare SslStream's (BenchmarkDotNet TlsHandshake, three runs), without it 0.98–1.08x (four).
        var check = options.RemoteCertificateValidationCallback is null && options.ClientCertificateRequired
            ? new CertificateCheck("client", expectedName: null, certificateRequired: true)
            : null;
        return RunAsync(transport, tls, check, (ssl, token) => ssl.AuthenticateAsServerAsync(options, token), cancellationToken);
    }

    private static async Task<IConnection> RunAsync(IConnection transport, TlsConnectionOptions tls, CertificateCheck? check,
        Func<SslStream, CancellationToken, Task> authenticate, CancellationToken cancellationToken)
    {
        var transportStream = new DuplexStream(transport.Source, transport.Sink);
        var ssl = new SslStream(transportStream, leaveInnerStreamOpen: true, check is null ? null : check.Validate);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(tls.HandshakeTimeout);
        try
        {
            await authenticate(ssl, deadline.Token).ConfigureAwait(false);
            return new TlsConnection(transport, transportStream, ssl, tls);
        }
        catch (Exception failure)
        {
            var problem = Explain(failure, transport, tls, check, deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested);
            await ssl.DisposeAsync().ConfigureAwait(false);
            // A failed handshake is a failed end: the transport is reset (a TCP RST), so the peer cannot take it
            // for a connection that closed cleanly before any data.
            await transport.Sink.AbortAsync(problem).ConfigureAwait(false);
            await transport.DisposeAsync().ConfigureAwait(false);
            throw problem;
        }
    }

    private static Exception Explain(Exception failure, IConnection transport, TlsConnectionOptions tls,
        CertificateCheck? check, bool timedOut)
    {
        var peer = transport.RemoteEndPoint;
        if (timedOut)
        {
            return new TimeoutException(
                $"The TLS handshake with {peer} did not finish within the handshake timeout ({tls.HandshakeTimeout}).", failure);
        }

        if (check?.Rejection is { } rejection)
        {
            return new AuthenticationException($"The TLS handshake with {peer} failed. {rejection}", failure);
        }

        return failure switch
        {
            OperationCanceledException => failure,
            AuthenticationException => new AuthenticationException($"The TLS handshake with {peer} failed: {failure.Message}", failure),
            // The transport ended or failed mid-handshake (a peer that hung up, or spoke something else).
            _ => new AuthenticationException(
                $"The TLS handshake with {peer} failed because the connection failed or was closed during it: {failure.Message}", failure),
        };
    }
}
