using System.Diagnostics;

namespace Streamcaps.Cli.Addresses;

/// <summary><c>exec:COMMAND</c>: runs COMMAND with <c>/bin/sh -c</c>; the relay writes to its standard input and
/// reads its standard output (standard error passes through to ours). The end of what is written closes the
/// child's input; the end of the child's output ends what is read. When the relay is over, a child that has not
/// exited within <see cref="ExitGrace"/> is killed.</summary>
internal sealed class ExecAddress : ConnectingAddress
{
    /// <summary>How long a child may take to exit after the relay ended.</summary>
    private static readonly TimeSpan ExitGrace = TimeSpan.FromSeconds(5);

    public ExecAddress(AddressSpec spec)
        : base(spec) => UnixAddress.RequirePath(spec);

    public override Task<RelayEnd> OpenAsync(ConnectionSettings settings, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(Spec.Target);
        var child = Process.Start(start) ?? throw new InvalidOperationException($"{Spec.Text}: the command did not start");
        var source = Source.FromStream(child.StandardOutput.BaseStream);
        var sink = Sink.ToStream(child.StandardInput.BaseStream);
        return Task.FromResult(new RelayEnd(Spec.Text, source, sink, async () =>
        {
            using (child)
            {
                using var grace = new CancellationTokenSource(ExitGrace);
                try
                {
                    await child.WaitForExitAsync(grace.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // The relay is over: a child still running has nobody left to talk to.
                    child.Kill(entireProcessTree: true);
                    await child.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
                }
            }
        }));
    }
}
