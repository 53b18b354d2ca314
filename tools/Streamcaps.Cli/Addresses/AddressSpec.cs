using System.Globalization;

namespace Streamcaps.Cli.Addresses;

/// <summary>One address as written on the command line, <c>KIND:TARGET,key=value,flag,...</c>, split but not yet
/// understood. Every key must be consumed by the address that reads it; what is left is a usage error.</summary>
internal sealed class AddressSpec
{
    private readonly Dictionary<string, List<string>> _options;
    private readonly HashSet<string> _consumed = new(StringComparer.OrdinalIgnoreCase);

    private AddressSpec(string text, string kind, string target, Dictionary<string, List<string>> options)
    {
        Text = text;
        Kind = kind;
        Target = target;
        _options = options;
    }

    /// <summary>The address as the user wrote it, for messages.</summary>
    public string Text { get; }

    /// <summary>The part before the first colon, lower case: <c>tcp</c>, <c>tls-listen</c>, <c>stdio</c>.</summary>
    public string Kind { get; }

    /// <summary>What follows the kind, up to the first comma: <c>HOST:PORT</c>, <c>PORT</c>, a path.</summary>
    public string Target { get; }

    /// <summary>Splits <paramref name="text"/>. <c>-</c> is <c>stdio</c>, as in socat.</summary>
    public static AddressSpec Parse(string text)
    {
        if (text == "-")
        {
            text = "stdio";
        }

        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var kind = (colon < 0 ? text : text[..colon]).ToLowerInvariant();
        var rest = colon < 0 ? "" : text[(colon + 1)..];
        if (kind == "exec")
        {
            // A command line has commas of its own; exec takes no options.
            return new AddressSpec(text, kind, rest, new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase));
        }

        // Options follow the target after commas; a bracketed IPv6 host may not hold one, and nothing else does.
        var parts = rest.Split(',');
        var options = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in parts.Skip(1))
        {
            if (part.Length == 0)
            {
                continue;
            }

            var equals = part.IndexOf('=', StringComparison.Ordinal);
            var key = equals < 0 ? part : part[..equals];
            var value = equals < 0 ? "" : part[(equals + 1)..];
            if (!options.TryGetValue(key, out var values))
            {
                options[key] = values = [];
            }

            values.Add(value);
        }

        return new AddressSpec(text, kind, parts[0], options);
    }

    /// <summary>Whether the flag <paramref name="key"/> (<c>fork</c>) is present.</summary>
    public bool Flag(string key) => Value(key) is not null;

    /// <summary>The last value given for <paramref name="key"/>, or null.</summary>
    public string? Value(string key)
    {
        _consumed.Add(key);
        return _options.TryGetValue(key, out var values) ? values[^1] : null;
    }

    /// <summary>Every value given for <paramref name="key"/> (<c>alpn=h2,alpn=http/1.1</c>).</summary>
    public IReadOnlyList<string> Values(string key)
    {
        _consumed.Add(key);
        return _options.TryGetValue(key, out var values) ? values : [];
    }

    /// <summary>A whole number option within <paramref name="min"/>..<paramref name="max"/>, or null when absent.</summary>
    public int? Number(string key, int min, int max)
    {
        if (Value(key) is not { } value)
        {
            return null;
        }

        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max
            ? number
            : throw new UsageException($"{Text}: {key}={value} is not a whole number from {min} to {max}");
    }

    /// <summary>Fails on any option no address read, so a typo never passes silently.</summary>
    public void RejectUnknownOptions()
    {
        var unknown = _options.Keys.FirstOrDefault(key => !_consumed.Contains(key));
        if (unknown is not null)
        {
            throw new UsageException($"{Text}: unknown option '{unknown}' for {Kind}");
        }
    }

    /// <summary>A port 1..65535 (0 too where <paramref name="allowZero"/>, to pick a free one).</summary>
    public static int ParsePort(string text, string address, bool allowZero = false) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= 65535 && (port > 0 || allowZero)
            ? port
            : throw new UsageException($"{address}: '{text}' is not a port ({(allowZero ? 0 : 1)} to 65535)");

    /// <summary>Splits <c>HOST:PORT</c>, where HOST may be a bracketed IPv6 address (<c>[::1]:443</c>).</summary>
    public (string Host, int Port) HostAndPort()
    {
        var colon = Target.LastIndexOf(':');
        if (colon <= 0 || colon == Target.Length - 1)
        {
            throw new UsageException($"{Text}: expected {Kind}:HOST:PORT");
        }

        var host = Target[..colon];
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
        }

        return (host, ParsePort(Target[(colon + 1)..], Text));
    }
}
