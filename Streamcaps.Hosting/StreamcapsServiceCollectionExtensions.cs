using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Streamcaps.Hosting;
using Streamcaps.Net;

// The namespace of IServiceCollection, as every AddX() is, so registering needs no extra using.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Streamcaps servers on a service collection, to run as hosted services of the generic host.</summary>
public static class StreamcapsServiceCollectionExtensions
{
    /// <summary>
    /// Registers a TCP or TLS server named <paramref name="name"/> whose connections are served by
    /// <typeparamref name="THandler"/>, resolved from a dependency-injection scope of its own for every
    /// connection (registered as scoped unless it already is registered).
    /// </summary>
    /// <remarks>
    /// <para>The options are bound from the configuration section <paramref name="name"/> (<c>Echo:Port</c>,
    /// <c>Echo:MaxConnections</c>, <c>Echo:Tls:CertificateFile</c>: see <see cref="StreamcapsServerOptions"/>),
    /// then from the returned builder's <c>Configure</c> calls, and validated when the host starts.</para>
    /// <para>Register as many servers as needed, each with its own name. The server is a hosted service: it
    /// binds when the host starts and drains when it stops (see <see cref="StreamcapsHostedServer"/>); resolve
    /// it with <c>GetRequiredKeyedService&lt;StreamcapsHostedServer&gt;(name)</c>.</para>
    /// </remarks>
    /// <typeparam name="THandler">Serves one connection.</typeparam>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The server's name and configuration section, unique in the collection.</param>
    /// <returns>The builder of the server's options, to configure them in code.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty, or a server of that name is registered.</exception>
    public static OptionsBuilder<StreamcapsServerOptions> AddStreamcapsServer<THandler>(this IServiceCollection services, string name)
        where THandler : class, IConnectionHandler
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddScoped<THandler>();
        return services.AddStreamcapsServer(name,
            (connection, scope, stopping) => scope.GetRequiredService<THandler>().HandleAsync(connection, stopping));
    }

    /// <summary>Registers a TCP or TLS server named <paramref name="name"/> whose connections are served by
    /// <paramref name="handler"/>, which gets the connection, the connection's own service scope and the
    /// host's stopping token.</summary>
    /// <inheritdoc cref="AddStreamcapsServer{THandler}(IServiceCollection, string)"/>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The server's name and configuration section, unique in the collection.</param>
    /// <param name="handler">Serves one connection.</param>
    public static OptionsBuilder<StreamcapsServerOptions> AddStreamcapsServer(this IServiceCollection services, string name,
        Func<IConnection, IServiceProvider, CancellationToken, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(handler);
        if (services.Any(service => service.ServiceType == typeof(StreamcapsHostedServer) && Equals(service.ServiceKey, name)))
        {
            throw new ArgumentException($"A Streamcaps server named '{name}' is registered already; give each server a name of its own.", nameof(name));
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StreamcapsServerOptions>, StreamcapsServerOptionsValidator>());
        services.AddKeyedSingleton(name, (provider, _) => new StreamcapsHostedServer(name, provider, handler));
        // Not AddHostedService: it adds a factory only once per implementation type, which would drop every
        // server after the first.
        services.AddSingleton<IHostedService>(provider => provider.GetRequiredKeyedService<StreamcapsHostedServer>(name));
        return services.AddOptions<StreamcapsServerOptions>(name)
            .Configure<IServiceProvider>((options, provider) => provider.GetService<IConfiguration>()?.GetSection(name).Bind(options))
            .ValidateOnStart();
    }
}
