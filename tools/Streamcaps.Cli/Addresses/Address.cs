namespace Streamcaps.Cli.Addresses;

/// <summary>An address of the command line, understood: it either opens an end (<see cref="ConnectingAddress"/>)
/// or waits for peers (<see cref="ListeningAddress"/>).</summary>
internal abstract class Address
{
    protected Address(AddressSpec spec) => Spec = spec;

    public AddressSpec Spec { get; }

    public override string ToString() => Spec.Text;
}
