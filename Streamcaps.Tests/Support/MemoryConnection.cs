using Streamcaps.Net;

namespace Streamcaps.Tests.Support;

/// <summary>
/// The in-memory connection pair for tests that import this namespace: the library's
/// <see cref="Streamcaps.Net.Memory.MemoryConnection"/>, seen as two <see cref="IConnection"/>s.
/// </summary>
/// <remarks>Kept so older tests keep compiling; new tests use <c>Streamcaps.Net.Memory.MemoryConnection</c>
/// directly (an alias resolves the name where both namespaces are imported).</remarks>
public static class MemoryConnection
{
    /// <summary>Two connected ends, with the library's default buffering.</summary>
    public static (IConnection A, IConnection B) CreatePair()
    {
        var (a, b) = Streamcaps.Net.Memory.MemoryConnection.CreatePair();
        return (a, b);
    }
}
