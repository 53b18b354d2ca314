using System.Runtime.InteropServices;

namespace Streamcaps.Samples;

/// <summary>How a sample server waits to be stopped: Ctrl+C (SIGINT) or SIGTERM. The signal is handled, not
/// left to kill the process, so the server's <c>await using</c> disposal runs and closes its connections.</summary>
internal static class ShutdownSignal
{
    /// <summary>Completes when the process receives SIGINT or SIGTERM.</summary>
    public static async Task WaitAsync()
    {
        var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.TrySetResult();
        }

        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        await stop.Task.ConfigureAwait(false);
    }
}
