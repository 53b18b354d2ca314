using System.ComponentModel;
using System.Runtime.InteropServices;

namespace Streamcaps.Tests.Support;

/// <summary>
/// A network with no route to anywhere, to see real "unreachable" failures without naming any address but
/// loopback: a new Linux network namespace, in which even the loopback interface is down. Creating one needs
/// root (CAP_SYS_ADMIN), which CI has; elsewhere the tests that need it are skipped, with that reason.
/// </summary>
internal static class EmptyNetwork
{
    private const int CloneNewNet = 0x40000000;

    private static readonly Lazy<string?> s_unavailableReason = new(ProbeUnavailableReason);

    /// <summary>Why an empty network cannot be made here, or null when it can.</summary>
    public static string? UnavailableReason => s_unavailableReason.Value;

    /// <summary>
    /// Starts <paramref name="operation"/> on a thread of its own that first moves into a new, empty network
    /// namespace, and returns its task. A socket lives in the namespace of the thread that creates it, so every
    /// socket the operation creates before its first await has no route to anything, and the caller's threads
    /// are left alone.
    /// </summary>
    public static Task<T> StartAsync<T>(Func<Task<T>> operation)
    {
        Task<T>? started = null;
        var thread = new Thread(() => started = EnterNewNamespace() is { } failure ? Task.FromException<T>(failure) : operation())
        {
            Name = "empty network namespace",
        };
        thread.Start();
        thread.Join();
        return started!;
    }

    private static Win32Exception? EnterNewNamespace() =>
        Unshare(CloneNewNet) == 0 ? null : new Win32Exception(Marshal.GetLastPInvokeError(), "unshare(CLONE_NEWNET) failed");

    private static string? ProbeUnavailableReason()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "Network namespaces are a Linux feature.";
        }

        try
        {
            StartAsync(() => Task.FromResult(true)).GetAwaiter().GetResult();
            return null;
        }
        catch (Win32Exception failure)
        {
            return $"This process may not create a network namespace (it needs root): {failure.Message}.";
        }
    }

    // DllImport rather than LibraryImport: an int in and out needs no marshalling, and no unsafe code.
    [DllImport("libc", EntryPoint = "unshare", SetLastError = true)]
    private static extern int Unshare(int flags);
}

/// <summary>A fact that needs <see cref="EmptyNetwork"/>; skipped, with the reason, where it cannot be made.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class EmptyNetworkFactAttribute : FactAttribute
{
    public EmptyNetworkFactAttribute() => Skip = EmptyNetwork.UnavailableReason;
}
