namespace Streamcaps.Tests.Net.Streams;

/// <summary>Runs test code that blocks (synchronous stream calls) on a thread of its own, so a call that
/// deadlocks fails the test at its bounded wait instead of hanging it, and no thread-pool thread is held.</summary>
public static class DedicatedThread
{
    public static Task RunAsync(Func<Task> work) => RunAsync(async () =>
    {
        await work();
        return true;
    });

    public static Task<T> RunAsync<T>(Func<Task<T>> work)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                done.SetResult(work().GetAwaiter().GetResult());
            }
            catch (Exception problem)
            {
                done.SetException(problem);
            }
        })
        {
            IsBackground = true,
            Name = "stream conformance",
        };
        thread.Start();
        return done.Task;
    }

    public static Task RunAsync(Action work) => RunAsync(() =>
    {
        work();
        return Task.CompletedTask;
    });
}
