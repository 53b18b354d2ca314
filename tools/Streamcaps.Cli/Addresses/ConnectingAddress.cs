namespace Streamcaps.Cli.Addresses;

/// <summary>An address that is opened on demand: <c>tcp:</c>, <c>tls:</c>, <c>unix:</c>, <c>stdio</c>, <c>file:</c>,
/// <c>exec:</c>. Behind a forking listener it is opened once for every accepted peer.</summary>
internal abstract class ConnectingAddress : Address
{
    protected ConnectingAddress(AddressSpec spec)
        : base(spec)
    {
    }

    /// <summary>Opens the end. Failures are the library's own exceptions (refused, unreachable, handshake).</summary>
    public abstract Task<RelayEnd> OpenAsync(ConnectionSettings settings, CancellationToken cancellationToken);
}
