using System.Net;

namespace Streamcaps.Net.Memory;

/// <summary>The address of one end of an in-memory connection: a name, for logs and assertions.</summary>
/// <param name="name">The end's name, for example <c>memory:3/a</c>.</param>
public sealed class MemoryEndPoint(string name) : EndPoint
{
    /// <summary>The end's name.</summary>
    public string Name { get; } = name;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is MemoryEndPoint other && other.Name == Name;

    /// <inheritdoc/>
    public override int GetHashCode() => Name.GetHashCode(StringComparison.Ordinal);

    /// <inheritdoc/>
    public override string ToString() => Name;
}
