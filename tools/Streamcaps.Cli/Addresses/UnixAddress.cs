using Streamcaps.Net;

namespace Streamcaps.Cli.Addresses;

/// <summary><c>unix:PATH</c>: connects to a Unix domain socket.</summary>
internal sealed class UnixAddress : ConnectingAddress
{
    public UnixAddress(AddressSpec spec)
        : base(spec) => RequirePath(spec);

    public override async Task<RelayEnd> OpenAsync(ConnectionSettings settings, CancellationToken cancellationToken) =>
        RelayEnd.Of(Spec.Text, await Unix.ConnectAsync(Spec.Target, settings.Tcp, cancellationToken).ConfigureAwait(false));

    public static void RequirePath(AddressSpec spec)
    {
        if (spec.Target.Length == 0)
        {
            throw new UsageException($"{spec.Text}: expected {spec.Kind}:PATH");
        }
    }
}
