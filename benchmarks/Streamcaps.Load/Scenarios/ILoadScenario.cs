namespace Streamcaps.Load.Scenarios;

/// <summary>One load shape, run against each echo server in turn.</summary>
internal interface ILoadScenario
{
    /// <summary>The name to select it on the command line.</summary>
    string Name { get; }

    /// <summary>Whether it runs for <see cref="LoadSettings.Duration"/>; such a scenario first runs once for
    /// <see cref="LoadSettings.Warmup"/> unmeasured, so the server's code is jitted before it is measured.</summary>
    bool IsTimed { get; }

    /// <summary>Drives the running <paramref name="server"/> and returns what was measured.</summary>
    Task<IReadOnlyList<Measurement>> RunAsync(ServerProcess server, LoadSettings settings);
}

/// <summary>What the command line set for every scenario.</summary>
/// <param name="Duration">How long a timed scenario runs against each server.</param>
/// <param name="Warmup">How long a timed scenario runs unmeasured first.</param>
/// <param name="IdleConnections">How many connections the idle scenario opens.</param>
internal sealed record LoadSettings(TimeSpan Duration, TimeSpan Warmup, int IdleConnections);

/// <summary>One figure of one scenario against one server.</summary>
internal sealed record Measurement(string Metric, double Value, string Unit, bool HigherIsBetter);
