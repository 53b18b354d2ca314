using System.Net;
using System.Net.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Streamcaps.Net;

namespace Streamcaps.Hosting;

/// <summary>
/// One server registered with
/// <see cref="StreamcapsServiceCollectionExtensions.AddStreamcapsServer{THandler}(IServiceCollection, string)"/>,
/// run by the host: it binds when the host starts and drains when the host stops. Resolve it by its name to
/// learn where it listens: <c>services.GetRequiredKeyedService&lt;StreamcapsHostedServer&gt;("Echo").LocalEndPoint</c>.
/// </summary>
/// <remarks>
/// Stopping gives the open connections until the host's shutdown timeout
/// (<c>HostOptions.ShutdownTimeout</c>, 30 s by default) to end: the server stops accepting at once, cancels the
/// handlers' <c>stopping</c> token, waits for them, and resets (RST) what is still open when the timeout fires
/// (<see cref="Server.StopAsync(CancellationToken)"/> with the host's stop token).
/// </remarks>
public sealed class StreamcapsHostedServer : IHostedService, IAsyncDisposable
{
    private readonly IServiceProvider _services;
    private readonly Func<IConnection, IServiceProvider, CancellationToken, Task> _handler;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ILogger _logger;
    private Server? _server;

    internal StreamcapsHostedServer(string name, IServiceProvider services, Func<IConnection, IServiceProvider, CancellationToken, Task> handler)
    {
        Name = name;
        _services = services;
        _handler = handler;
        _logger = services.GetService<ILoggerFactory>()?.CreateLogger<StreamcapsHostedServer>() ?? NullLogger<StreamcapsHostedServer>.Instance;
    }

    /// <summary>The server's name, which is also its configuration section.</summary>
    public string Name { get; }

    /// <summary>The running server (its counters, its endpoint); null before the host started it.</summary>
    public Server? Server => _server;

    /// <summary>Where the server listens, with the real port when it was configured with port 0; null before start.</summary>
    public EndPoint? LocalEndPoint => _server?.LocalEndPoint;

    /// <summary>Validates the options (an <see cref="OptionsValidationException"/> names every bad one), loads the
    /// certificate of a TLS server, and binds.</summary>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>A task that completes when the server accepts connections.</returns>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var options = _services.GetRequiredService<IOptionsMonitor<StreamcapsServerOptions>>().Get(Name);
        var server = new TcpServerOptions
        {
            Backlog = options.Backlog ?? TcpServerOptions.Default.Backlog,
            MaxConnections = options.MaxConnections ?? TcpServerOptions.Default.MaxConnections,
            Connection = ConnectionOptions(options),
            LoggerFactory = _services.GetService<ILoggerFactory>(),
        };
        var endPoint = new IPEndPoint(IPAddress.Parse(options.Address), options.Port);
        if (options.Tls is { } tls)
        {
            var ssl = new SslServerAuthenticationOptions
            {
                ServerCertificate = tls.Certificate ?? LoadCertificate(tls),
                ClientCertificateRequired = tls.ClientCertificateRequired,
            };
            var handshake = new TlsConnectionOptions { HandshakeTimeout = tls.HandshakeTimeout ?? TlsConnectionOptions.DefaultHandshakeTimeout };
            _server = await Tls.ListenAsync(endPoint, ssl, handshake, server, HandleAsync, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            _server = await Tcp.ListenAsync(endPoint, server, HandleAsync, cancellationToken).ConfigureAwait(false);
        }

        HostingLog.Started(_logger, Name, _server.LocalEndPoint, options.Tls is null ? "tcp" : "tls");
    }

    /// <summary>Stops accepting and drains: waits for the running handlers until <paramref name="cancellationToken"/>
    /// (the host's shutdown timeout) fires, then resets what is still open and waits for those handlers to return.</summary>
    /// <param name="cancellationToken">The host's stop token.</param>
    /// <returns>A task that completes when no handler runs any more.</returns>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is not { } server)
        {
            return;
        }

        HostingLog.Stopping(_logger, Name, server.ActiveConnections);
        await _stopping.CancelAsync().ConfigureAwait(false);
        await server.StopAsync(cancellationToken).ConfigureAwait(false);
        HostingLog.Stopped(_logger, Name, server.AcceptedConnections, server.FailedConnections, server.RejectedConnections);
    }

    /// <summary>Closes the server if it still runs (resetting its connections) and releases it.</summary>
    /// <returns>A task that completes when every handler has returned.</returns>
    public async ValueTask DisposeAsync()
    {
        if (_server is { } server)
        {
            await server.DisposeAsync().ConfigureAwait(false);
        }

        _stopping.Dispose();
    }

    private async Task HandleAsync(IConnection connection)
    {
        var scope = _services.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            await _handler(connection, scope.ServiceProvider, _stopping.Token).ConfigureAwait(false);
        }
    }

    private static TcpConnectionOptions ConnectionOptions(StreamcapsServerOptions options)
    {
        var defaults = TcpConnectionOptions.Default;
        return new TcpConnectionOptions
        {
            IdleReadTimeout = options.IdleReadTimeout ?? defaults.IdleReadTimeout,
            ReceiveBufferSize = options.ReceiveBufferSize ?? defaults.ReceiveBufferSize,
            MaxReceiveBufferSize = options.MaxReceiveBufferSize ?? defaults.MaxReceiveBufferSize,
        };
    }

    private static System.Security.Cryptography.X509Certificates.X509Certificate2 LoadCertificate(StreamcapsTlsOptions tls)
    {
        var file = tls.CertificateFile!;
        var extension = Path.GetExtension(file);
        return extension.Equals(".pfx", StringComparison.OrdinalIgnoreCase) || extension.Equals(".p12", StringComparison.OrdinalIgnoreCase)
            ? TlsCertificates.LoadPfx(file, tls.Password)
            : TlsCertificates.LoadPem(file, tls.KeyFile, tls.Password);
    }
}
