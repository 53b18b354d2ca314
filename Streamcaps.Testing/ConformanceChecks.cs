using System.Reflection;
using System.Text;

namespace Streamcaps.Testing;

/// <summary>
/// The conformance suite as plain calls, for any test framework (NUnit, MSTest, xunit, a console program):
/// each method runs every check of one suite on fresh instances from your factory and throws
/// <see cref="ConformanceException"/>, naming each failed check, when one failed.
/// </summary>
/// <example>
/// <code>
/// [Test]
/// public Task My_source_keeps_the_protocol() =>
///     ConformanceChecks.CheckSourceAsync(() => new MySource(1, 2, 3), expectedItems: [1, 2, 3]);
/// </code>
/// With xunit, subclassing <see cref="SourceConformance{T}"/> (and the other suites) instead gives one named
/// test per check.
/// </example>
public static class ConformanceChecks
{
    /// <summary>Runs the checks of <see cref="SourceConformance{T}"/> on sources from <paramref name="createSource"/>.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="createSource">Makes a new source that hands out <paramref name="expectedItems"/>, then completes.</param>
    /// <param name="expectedItems">What each source hands out, in order (two items or more).</param>
    /// <param name="copy">Keeps an item beyond its delivery: sources of lent memory copy it. Default: the item itself.</param>
    /// <param name="comparer">Compares delivered and expected items. Default: <see cref="EqualityComparer{T}.Default"/>.</param>
    /// <returns>A task that completes when every check passed.</returns>
    /// <exception cref="ConformanceException">A check failed.</exception>
    public static Task CheckSourceAsync<T>(Func<ISource<T>> createSource, IReadOnlyList<T> expectedItems,
        Func<T, T>? copy = null, IEqualityComparer<T>? comparer = null)
    {
        ArgumentNullException.ThrowIfNull(createSource);
        ArgumentNullException.ThrowIfNull(expectedItems);
        return RunAsync("source", () => new SourceSuite<T>(createSource, expectedItems, copy, comparer));
    }

    /// <summary>Runs the checks of <see cref="SinkConformance{T}"/> on sinks from <paramref name="createSink"/>.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="createSink">Makes a new, open sink.</param>
    /// <param name="createItem">Makes an item the sink accepts; the index tells items apart.</param>
    /// <returns>A task that completes when every check passed.</returns>
    /// <exception cref="ConformanceException">A check failed.</exception>
    public static Task CheckSinkAsync<T>(Func<ISink<T>> createSink, Func<int, T> createItem)
    {
        ArgumentNullException.ThrowIfNull(createSink);
        ArgumentNullException.ThrowIfNull(createItem);
        return RunAsync("sink", () => new SinkSuite<T>(createSink, createItem));
    }

    /// <summary>Runs the checks of <see cref="OneWayByteStreamConformance"/> on byte streams from
    /// <paramref name="createStream"/>: 1 MiB in random chunks, backpressure, both ends, calls after the end.</summary>
    /// <param name="createStream">Makes a new connected writer and reader, with what releases them.</param>
    /// <returns>A task that completes when every check passed.</returns>
    /// <exception cref="ConformanceException">A check failed.</exception>
    public static Task CheckOneWayByteStreamAsync(Func<Task<OneWayEnds>> createStream)
    {
        ArgumentNullException.ThrowIfNull(createStream);
        return RunAsync("one-way byte stream", () => new OneWaySuite(createStream));
    }

    /// <summary>Runs every check (every <see cref="FactAttribute"/> method) of the suite, each on an instance of
    /// its own as xunit would, and reports all failures together.</summary>
    private static async Task RunAsync<TSuite>(string what, Func<TSuite> createSuite)
        where TSuite : class
    {
        var checks = typeof(TSuite).GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Where(method => method.IsDefined(typeof(FactAttribute), inherit: true) && method.GetParameters().Length == 0)
            .OrderBy(method => method.Name, StringComparer.Ordinal);
        var failures = new Dictionary<string, Exception>();
        foreach (var check in checks)
        {
            try
            {
                await ((Task)check.Invoke(createSuite(), null)!).ConfigureAwait(false);
            }
            catch (TargetInvocationException invocation) when (invocation.InnerException is { } failure)
            {
                failures[check.Name] = failure;
            }
#pragma warning disable CA1031 // Every failure of a check is the finding to report, whatever its type.
            catch (Exception failure)
#pragma warning restore CA1031
            {
                failures[check.Name] = failure;
            }
        }

        if (failures.Count > 0)
        {
            var message = new StringBuilder($"The {what} broke {failures.Count} rule(s) of the streamcaps protocol:");
            foreach (var (name, failure) in failures)
            {
                message.AppendLine().Append("- ").Append(name).Append(": ").Append(failure.GetType().Name).Append(": ").Append(failure.Message);
            }

            throw new ConformanceException(message.ToString(), failures);
        }
    }

    private sealed class SourceSuite<T>(Func<ISource<T>> create, IReadOnlyList<T> expected, Func<T, T>? copy, IEqualityComparer<T>? comparer)
        : SourceConformance<T>
    {
        protected override IReadOnlyList<T> ExpectedItems => expected;

        protected override IEqualityComparer<T> Comparer => comparer ?? base.Comparer;

        protected override ISource<T> CreateSource() => create();

        protected override T Copy(T item) => copy is null ? item : copy(item);
    }

    private sealed class SinkSuite<T>(Func<ISink<T>> create, Func<int, T> createItem) : SinkConformance<T>
    {
        protected override ISink<T> CreateSink() => create();

        protected override T CreateItem(int index) => createItem(index);
    }

    private sealed class OneWaySuite(Func<Task<OneWayEnds>> create) : OneWayByteStreamConformance
    {
        protected override Task<OneWayEnds> CreateStreamAsync() => create();
    }
}
