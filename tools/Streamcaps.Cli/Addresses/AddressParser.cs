using Streamcaps.Net;

namespace Streamcaps.Cli.Addresses;

/// <summary>Understands an address of the command line; the kinds are listed in <c>--help</c>.</summary>
internal static class AddressParser
{
    /// <summary>The kinds, for the help text and the error about an unknown one.</summary>
    public const string Kinds = "tcp:HOST:PORT, tcp-listen:PORT, tls:HOST:PORT, tls-listen:PORT, unix:PATH, unix-listen:PATH, stdio (or -), file:PATH, exec:COMMAND, nats:SUBJECT, jetstream:STREAM";

    /// <param name="text">The address as written.</param>
    /// <param name="second">Whether it is the second address (a file is written there, read as the first).</param>
    /// <param name="tls">The TLS options the listener's handshakes use.</param>
    public static Address Parse(string text, bool second, TlsConnectionOptions tls)
    {
        var spec = AddressSpec.Parse(text);
        Address address = spec.Kind switch
        {
            "tcp" => new TcpAddress(spec),
            "tcp-listen" => new TcpListenAddress(spec),
            "tls" or "ssl" => new TlsAddress(spec),
            "tls-listen" or "ssl-listen" => new TlsListenAddress(spec, tls),
            "unix" => new UnixAddress(spec),
            "unix-listen" => new UnixListenAddress(spec),
            "stdio" => new StdioAddress(spec),
            "file" => new FileAddress(spec, write: second),
            "exec" => new ExecAddress(spec),
            "nats" => new NatsAddress(spec),
            "jetstream" => new JetStreamAddress(spec),
            _ => throw new UsageException($"unknown address '{text}': use one of {Kinds}"),
        };
        spec.RejectUnknownOptions();
        return address;
    }
}
