namespace Streamcaps.Testing;

/// <summary>One or more rules of the streamcaps protocol that an implementation broke, found by
/// <see cref="ConformanceChecks"/>. The message names every failed check and why it failed.</summary>
public sealed class ConformanceException : Exception
{
    /// <summary>Creates an exception for the failed checks, named and explained in <paramref name="message"/>.</summary>
    /// <param name="message">The failed checks, one a line.</param>
    /// <param name="failures">The failure of each check, by check name.</param>
    public ConformanceException(string message, IReadOnlyDictionary<string, Exception> failures)
        : base(message) => Failures = failures;

    /// <summary>Creates an exception with no failure recorded.</summary>
    public ConformanceException()
        : this("A conformance check failed.", new Dictionary<string, Exception>())
    {
    }

    /// <summary>Creates an exception with a message and no failure recorded.</summary>
    /// <param name="message">What failed.</param>
    public ConformanceException(string message)
        : this(message, new Dictionary<string, Exception>())
    {
    }

    /// <summary>Creates an exception with a message and the failure behind it.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">Why.</param>
    public ConformanceException(string message, Exception innerException)
        : base(message, innerException) => Failures = new Dictionary<string, Exception>();

    /// <summary>The failure of each check, by check name (for instance
    /// <c>Flow_delivers_every_item_once_in_order_then_completes</c>).</summary>
    public IReadOnlyDictionary<string, Exception> Failures { get; }
}
