using System.Runtime.CompilerServices;

namespace Streamcaps.Net;

/// <summary>Validates option values where they are set. A rejected value throws
/// <see cref="ArgumentOutOfRangeException"/> whose <see cref="ArgumentException.ParamName"/> is the option's
/// name (not "value") and whose message states the rule and the value given, as Kestrel's options do.</summary>
internal static class OptionGuard
{
    public static int AtLeast(int value, int minimum, [CallerMemberName] string option = "") =>
        value >= minimum ? value : throw Rejected(option, value, $"at least {minimum}");

    public static TimeSpan AtLeast(TimeSpan value, TimeSpan minimum, [CallerMemberName] string option = "") =>
        value >= minimum ? value : throw Rejected(option, value, $"at least {minimum}");

    /// <summary>A timeout: positive, or <see cref="Timeout.InfiniteTimeSpan"/> for none.</summary>
    public static TimeSpan PositiveOrInfinite(TimeSpan value, [CallerMemberName] string option = "") =>
        value > TimeSpan.Zero || value == Timeout.InfiniteTimeSpan
            ? value
            : throw Rejected(option, value, "positive, or Timeout.InfiniteTimeSpan for none");

    private static ArgumentOutOfRangeException Rejected(string option, object value, string rule) =>
        new(option, value, $"{option} must be {rule}; it was set to {value}.");
}
