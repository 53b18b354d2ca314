namespace Streamcaps.Cli.Addresses;

/// <summary><c>file:PATH</c>: read as the first address, written (created or replaced) as the second, so a
/// relay never reads and writes one file. <c>append</c> appends instead of replacing.</summary>
internal sealed class FileAddress : ConnectingAddress
{
    private readonly bool _write;
    private readonly bool _append;

    public FileAddress(AddressSpec spec, bool write)
        : base(spec)
    {
        UnixAddress.RequirePath(spec);
        _write = write;
        _append = spec.Flag("append");
        if (_append && !write)
        {
            throw new UsageException($"{spec.Text}: append applies to the file written, which is the second address");
        }

        if (!write && !File.Exists(spec.Target))
        {
            throw new UsageException($"{spec.Text}: no such file '{spec.Target}'");
        }
    }

    public override Task<RelayEnd> OpenAsync(ConnectionSettings settings, CancellationToken cancellationToken)
    {
        var end = _write
            ? new RelayEnd(Spec.Text, null, Sink.ToFile(Spec.Target, new FileStreamOptions
            {
                Mode = _append ? FileMode.Append : FileMode.Create,
                Access = FileAccess.Write,
                Options = FileOptions.Asynchronous,
            }), static () => default)
            : new RelayEnd(Spec.Text, Source.FromFile(Spec.Target), null, static () => default);
        return Task.FromResult(end);
    }
}
