// streamcaps: socat's jobs built from Streamcaps sources, sinks and pumps. `streamcaps --help` lists the
// addresses, pumps and exit codes.
using System.Runtime.InteropServices;
using Streamcaps.Cli;

using var stop = new CancellationTokenSource();
void Stop(PosixSignalContext context)
{
    // Handled, not left to kill the process: the relay ends and its connections are closed.
    context.Cancel = true;
    stop.Cancel();
}

using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
return await CliCommand.RunAsync(args, stop.Token);
