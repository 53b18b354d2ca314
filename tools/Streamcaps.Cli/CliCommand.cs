using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Streamcaps.Cli.Addresses;
using Streamcaps.Cli.Relaying;
using Streamcaps.Net;

namespace Streamcaps.Cli;

/// <summary>The command line: <c>streamcaps ADDRESS ADDRESS [options]</c>, its help, and the mapping from what
/// was typed to a <see cref="Session"/>.</summary>
internal static class CliCommand
{
    private const string Summary = """
        Relays bytes between two addresses, both ways, with Streamcaps sources, sinks and pumps: socat's jobs with .NET's TLS.
        A clean end on one side (FIN, TLS close_notify, end of file) is carried to the other as a clean end; a reset
        becomes a reset. The relay ends when both directions have ended.

        Addresses:
          tcp:HOST:PORT                     connect ([::1]:PORT for IPv6)
          tcp-listen:PORT[,bind=IP][,fork][,max=N]
                                            accept one peer, or with fork every peer (max=N at once), until Ctrl+C
          tls:HOST:PORT[,ca=PEM][,cert=PEM,key=PEM][,sni=NAME][,alpn=P]...[,verify=0]
                                            TLS client; ca= trusts only that authority; verify=0 checks nothing (loudly)
          tls-listen:PORT,cert=PEM[,key=PEM][,client-ca=PEM][,alpn=P][,bind=IP][,fork][,max=N]
                                            TLS server; client-ca= requires client certificates (mutual TLS)
          unix:PATH, unix-listen:PATH[,fork][,max=N]
                                            Unix domain sockets (the listener removes its socket file when it stops)
          stdio, -                          standard input and output
          file:PATH[,append]                read as the first address, written as the second
          exec:COMMAND                      a child of /bin/sh -c COMMAND: its stdin and stdout
          nats:SUBJECT[,servers=URL]        core NATS: a message per chunk each way (no persistence)
          jetstream:STREAM[,subject=S][,durable=NAME][,servers=URL]
                                            read the stream (each message acknowledged once delivered); write to S (on PubAck)

        Pumps (each direction has its own; -u/-U for one direction only):
          --gzip compresses toward the second address and decompresses toward the first; --gunzip the opposite.
          --lines and --length-prefixed re-frame: named once, both sides use that framing (and its limit);
          named both, the first named is the first address's framing and the second the second's.

        Exit codes:
          0 clean end   1 other failure   2 bad input   3 connection refused   4 connection reset (or TLS cut)
          5 timeout     6 TLS handshake or certificate rejected   7 host not found or unreachable
          8 protocol error (over-long line or frame, invalid UTF-8, corrupt gzip)   130 interrupted (Ctrl+C, SIGTERM)
        """;

    private static readonly Argument<string> First = new("first") { Description = "The first address." };
    private static readonly Argument<string> Second = new("second") { Description = "The second address." };
    private static readonly Option<bool> ForwardOnly = new("-u") { Description = "One way only: first address to second." };
    private static readonly Option<bool> BackwardOnly = new("-U") { Description = "One way only: second address to first." };
    private static readonly Option<int?> Lines = new("--lines") { Description = "Frame as lines of at most MAX bytes (LF or CRLF in, LF out).", HelpName = "MAX" };
    private static readonly Option<int?> LengthPrefixed = new("--length-prefixed") { Description = "Frame as messages after a big-endian length of BYTES bytes (1, 2, 4 or 8).", HelpName = "BYTES" };
    private static readonly Option<int> MaxFrame = new("--max-frame") { Description = "The longest length-prefixed message, in bytes.", DefaultValueFactory = _ => 1024 * 1024, HelpName = "BYTES" };
    private static readonly Option<bool> Gzip = new("--gzip") { Description = "Gzip toward the second address, gunzip toward the first." };
    private static readonly Option<bool> Gunzip = new("--gunzip") { Description = "Gunzip toward the second address, gzip toward the first." };
    private static readonly Option<bool> Utf8 = new("--utf8") { Description = "Fail on invalid UTF-8 in the first address's data." };
    private static readonly Option<bool> HexDump = new("--hex-dump", "-x") { Description = "Dump both directions to stderr in hex (> first to second, < second to first)." };
    private static readonly Option<long?> Rate = new("--rate") { Description = "At most this many bytes per second, each way.", HelpName = "BYTES_PER_SECOND" };
    private static readonly Option<double?> IdleTimeout = new("--idle-timeout") { Description = "End with exit code 5 when nothing moved either way for this long.", HelpName = "SECONDS" };
    private static readonly Option<double?> ConnectTimeout = new("--connect-timeout") { Description = "Give up connecting after this long (exit 5; default 30).", HelpName = "SECONDS" };
    private static readonly Option<double?> WriteTimeout = new("--write-timeout") { Description = "Fail a write that makes no progress for this long (exit 5; default: none when connecting, 60 on accepted peers).", HelpName = "SECONDS" };
    private static readonly Option<bool> Quiet = new("--quiet", "-q") { Description = "No progress line (it is drawn only when stderr is a terminal)." };
    private static readonly Option<bool> Verbose = new("--verbose", "-v") { Description = "Log every accepted peer, end and failure on stderr, through the library's logging." };

    /// <summary>Parses <paramref name="args"/> and runs; returns the exit code.</summary>
    public static async Task<int> RunAsync(string[] args, CancellationToken stop)
    {
        var command = Build();
        var parsed = command.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            await Console.Error.WriteLineAsync($"streamcaps: {parsed.Errors[0].Message} (see streamcaps --help)").ConfigureAwait(false);
            return (int)ExitCode.Usage;
        }

        if (parsed.Action is not null)
        {
            // --help or --version: the root command has no action of its own.
            return await parsed.InvokeAsync(cancellationToken: stop).ConfigureAwait(false);
        }

        try
        {
            using var session = CreateSession(parsed);
            return (int)await session.RunAsync(stop).ConfigureAwait(false);
        }
        catch (UsageException usage)
        {
            await Console.Error.WriteLineAsync($"streamcaps: {usage.Message}").ConfigureAwait(false);
            return (int)ExitCode.Usage;
        }
    }

    private static RootCommand Build()
    {
        var command = new RootCommand(Summary);
        command.Arguments.Add(First);
        command.Arguments.Add(Second);
        foreach (var option in new Option[] { ForwardOnly, BackwardOnly, Lines, LengthPrefixed, MaxFrame, Gzip, Gunzip, Utf8, HexDump, Rate, IdleTimeout, ConnectTimeout, WriteTimeout, Quiet, Verbose })
        {
            command.Options.Add(option);
        }

        return command;
    }

    private static Session CreateSession(ParseResult parsed)
    {
        var tcp = new TcpConnectionOptions
        {
            ConnectTimeout = Seconds(parsed, ConnectTimeout) ?? TcpConnectionOptions.Default.ConnectTimeout,
            WriteTimeout = Seconds(parsed, WriteTimeout),
        };
        var logging = parsed.GetValue(Verbose) ? VerboseLogging() : null;
        var settings = new ConnectionSettings(tcp, TlsConnectionOptions.Default, logging);
        var first = AddressParser.Parse(parsed.GetValue(First)!, second: false, settings.Tls);
        var second = AddressParser.Parse(parsed.GetValue(Second)!, second: true, settings.Tls);
        var progress = !parsed.GetValue(Quiet) && !Console.IsErrorRedirected;
        return new Session(first, second, RelayOptionsOf(parsed), settings, progress);
    }

    private static RelayOptions RelayOptionsOf(ParseResult parsed)
    {
        if (parsed.GetValue(ForwardOnly) && parsed.GetValue(BackwardOnly))
        {
            throw new UsageException("-u and -U each allow one direction only; give one of them");
        }

        if (parsed.GetValue(Gzip) && parsed.GetValue(Gunzip))
        {
            throw new UsageException("--gzip and --gunzip exclude each other");
        }

        var framings = FramingsInOrder(parsed);
        return new RelayOptions
        {
            Directions = parsed.GetValue(ForwardOnly) ? RelayDirections.ForwardOnly
                : parsed.GetValue(BackwardOnly) ? RelayDirections.BackwardOnly
                : RelayDirections.Both,
            FirstFraming = framings.Count > 0 ? framings[0] : null,
            SecondFraming = framings.Count > 0 ? framings[^1] : null,
            Gzip = parsed.GetValue(Gzip),
            Gunzip = parsed.GetValue(Gunzip),
            Utf8 = parsed.GetValue(Utf8),
            HexDump = parsed.GetValue(HexDump),
            BytesPerSecond = parsed.GetValue(Rate) is { } rate
                ? rate > 0 ? rate : throw new UsageException($"--rate {rate}: the rate must be positive")
                : null,
            IdleTimeout = Seconds(parsed, IdleTimeout),
        };
    }

    /// <summary>The framings named, in the order they were typed: the first names the first address's.</summary>
    private static List<MessageFraming> FramingsInOrder(ParseResult parsed)
    {
        var named = new List<(int Position, MessageFraming Framing)>();
        if (parsed.GetValue(Lines) is { } maxLine)
        {
            if (maxLine < 1)
            {
                throw new UsageException($"--lines {maxLine}: the longest line must be at least 1 byte");
            }

            named.Add((Position(parsed, Lines), new MessageFraming.Lines(maxLine)));
        }

        if (parsed.GetValue(LengthPrefixed) is { } prefix)
        {
            if (prefix is not (1 or 2 or 4 or 8))
            {
                throw new UsageException($"--length-prefixed {prefix}: the length takes 1, 2, 4 or 8 bytes");
            }

            var maxFrame = parsed.GetValue(MaxFrame);
            if (maxFrame < 1)
            {
                throw new UsageException($"--max-frame {maxFrame}: the longest message must be at least 1 byte");
            }

            named.Add((Position(parsed, LengthPrefixed), new MessageFraming.LengthPrefixed(prefix, maxFrame)));
        }

        return [.. named.OrderBy(n => n.Position).Select(n => n.Framing)];
    }

    private static int Position(ParseResult parsed, Option option) =>
        parsed.Tokens.ToList().FindIndex(token => token.Value == option.Name);

    /// <summary>The library's log events, from debug up, as single lines on stderr (stdout may carry the data).</summary>
    private static ILoggerFactory VerboseLogging() => LoggerFactory.Create(logging => logging
        .SetMinimumLevel(LogLevel.Debug)
        .AddSimpleConsole(console => console.SingleLine = true)
        .AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace));

    private static TimeSpan? Seconds(ParseResult parsed, Option<double?> option)
    {
        if (parsed.GetValue(option) is not { } seconds)
        {
            return null;
        }

        return seconds > 0 && seconds <= TimeSpan.MaxValue.TotalSeconds / 2
            ? TimeSpan.FromSeconds(seconds)
            : throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"{option.Name} {seconds}: a timeout must be a positive number of seconds"));
    }
}
