using System.Runtime.InteropServices;

namespace Streamcaps.Samples;

/// <summary>How a sample server learns it should stop: Ctrl+C (SIGINT) or SIGTERM. The signal is handled, not
/// left to kill the process, so the server stops gracefully and the process exits with 0. Create it before the
/// server announces itself, so a signal sent as soon as the announcement is read is not missed.</summary>
internal sealed class ShutdownSignal : IDisposable
{
    private readonly TaskCompletionSource _received = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly PosixSignalRegistration _interrupt;
    private readonly PosixSignalRegistration _terminate;

    public ShutdownSignal()
    {
        _interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        _terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
    }

    /// <summary>Completes when the process received SIGINT or SIGTERM.</summary>
    public Task Received => _received.Task;

    public void Dispose()
    {
        _interrupt.Dispose();
        _terminate.Dispose();
    }

    private void Stop(PosixSignalContext context)
    {
        context.Cancel = true;
        _received.TrySetResult();
    }
}
