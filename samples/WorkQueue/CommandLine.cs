using System.Globalization;

namespace Streamcaps.Samples.WorkQueue;

/// <summary>The sample's command line: a verb and its named options.</summary>
internal sealed record CommandLine(string Verb, string Servers, int Count, int Replicas, TimeSpan Timeout)
{
    public const string DefaultServers = "nats://127.0.0.1:4222";

    /// <summary>Parses the arguments, or returns <see langword="null"/> when they are not valid.</summary>
    public static CommandLine? Parse(string[] args)
    {
        if (args.Length == 0 || args[0] is not ("produce" or "work" or "collect"))
        {
            return null;
        }

        var servers = DefaultServers;
        var count = -1;
        var replicas = 1;
        var timeout = 120;
        for (var i = 1; i < args.Length; i++)
        {
            if (i + 1 >= args.Length)
            {
                return null;
            }

            var value = args[++i];
            var ok = args[i - 1] switch
            {
                "--servers" => (servers = value).Length > 0,
                "--count" => int.TryParse(value, CultureInfo.InvariantCulture, out count) && count >= 0,
                "--replicas" => int.TryParse(value, CultureInfo.InvariantCulture, out replicas) && replicas is >= 1 and <= 5,
                "--timeout" => int.TryParse(value, CultureInfo.InvariantCulture, out timeout) && timeout > 0,
                _ => false,
            };
            if (!ok)
            {
                return null;
            }
        }

        if (args[0] != "work" && count < 0)
        {
            return null;
        }

        return new CommandLine(args[0], servers, count, replicas, TimeSpan.FromSeconds(timeout));
    }
}
