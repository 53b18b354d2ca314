namespace Streamcaps.Cli.Addresses;

/// <summary><c>stdio</c> (or <c>-</c>): reads standard input, writes standard output. The end of input is
/// the end of that direction (a FIN to a TCP peer); standard output is flushed when the other side ends.</summary>
internal sealed class StdioAddress : ConnectingAddress
{
    public StdioAddress(AddressSpec spec)
        : base(spec)
    {
    }

    public override Task<RelayEnd> OpenAsync(ConnectionSettings settings, CancellationToken cancellationToken) =>
        Task.FromResult(new RelayEnd(Spec.Text, Source.StandardInput(), Sink.StandardOutput(), static () => default));
}
