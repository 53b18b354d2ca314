using System.Diagnostics;
using System.Reflection;

namespace Streamcaps.Tests.Support;

/// <summary>
/// A fact about allocations, which only an optimized build of the library can keep: a Debug build compiles
/// every async state machine as a class, allocated on each call. Skipped (with that reason) when
/// Streamcaps.Core was built without optimizations; CI runs the suite in Release.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class OptimizedOnlyFactAttribute : FactAttribute
{
    public OptimizedOnlyFactAttribute() => Skip = SkipUnlessOptimized();

    /// <summary>The skip reason when Streamcaps.Core is a Debug build, otherwise null.</summary>
    internal static string? SkipUnlessOptimized() =>
        typeof(Flow).Assembly.GetCustomAttribute<DebuggableAttribute>()?.IsJITOptimizerDisabled == true
            ? "Allocation checks need an optimized build of Streamcaps.Core (dotnet test -c Release)."
            : null;
}

/// <summary>The theory form of <see cref="OptimizedOnlyFactAttribute"/>.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class OptimizedOnlyTheoryAttribute : TheoryAttribute
{
    public OptimizedOnlyTheoryAttribute() => Skip = OptimizedOnlyFactAttribute.SkipUnlessOptimized();
}
