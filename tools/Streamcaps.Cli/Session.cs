using Streamcaps.Cli.Addresses;
using Streamcaps.Cli.Relaying;
using Streamcaps.Net;

namespace Streamcaps.Cli;

/// <summary>One run of the command: opens the two addresses (or waits for peers on the listening one), relays,
/// and says how it ended as an <see cref="ExitCode"/>.</summary>
internal sealed class Session : IDisposable
{
    /// <summary>How long a forking listener lets the relays under way finish after Ctrl+C or SIGTERM.</summary>
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(5);

    private readonly Address _first;
    private readonly Address _second;
    private readonly RelayOptions _relay;
    private readonly ConnectionSettings _settings;
    private readonly bool _progress;
    private readonly TextWriter _log = Console.Error;

    public Session(Address first, Address second, RelayOptions relay, ConnectionSettings settings, bool progress)
    {
        if (first is ListeningAddress && second is ListeningAddress)
        {
            throw new UsageException($"two listening addresses ({first}, {second}): one of them must connect");
        }

        _first = first;
        _second = second;
        _relay = relay;
        _settings = settings;
        _progress = progress;
    }

    /// <summary>Runs until the relay ends or <paramref name="stop"/> (Ctrl+C, SIGTERM) fires.</summary>
    public async Task<ExitCode> RunAsync(CancellationToken stop)
    {
        try
        {
            return _first is ListeningAddress firstListening
                ? await ServeAsync(firstListening, (ConnectingAddress)_second, listenerIsFirst: true, stop).ConfigureAwait(false)
                : _second is ListeningAddress secondListening
                    ? await ServeAsync(secondListening, (ConnectingAddress)_first, listenerIsFirst: false, stop).ConfigureAwait(false)
                    : await ConnectBothAsync((ConnectingAddress)_first, (ConnectingAddress)_second, stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return ExitCode.Interrupted;
        }
        catch (Exception failure)
        {
            await _log.WriteLineAsync($"streamcaps: {Failures.Describe(failure)}").ConfigureAwait(false);
            return Failures.CodeOf(failure);
        }
    }

    private async Task<ExitCode> ConnectBothAsync(ConnectingAddress first, ConnectingAddress second, CancellationToken stop)
    {
        await using var firstEnd = await first.OpenAsync(_settings, stop).ConfigureAwait(false);
        await using var secondEnd = await second.OpenAsync(_settings, stop).ConfigureAwait(false);
        await RelayAsync(firstEnd, secondEnd, stop).ConfigureAwait(false);
        return ExitCode.Clean;
    }

    private async Task<ExitCode> ServeAsync(ListeningAddress listening, ConnectingAddress other, bool listenerIsFirst, CancellationToken stop)
    {
        var options = new TcpServerOptions
        {
            Connection = _settings.Tcp,
            MaxConnections = listening.Fork ? listening.MaxConnections ?? TcpServerOptions.Default.MaxConnections : 1,
            // With --verbose the library logs its own events; without, a peer's failure is the one line the relay prints.
            LoggerFactory = _settings.Logging,
            OnFailure = static _ => { },
        };
        var outcome = new TaskCompletionSource<ExitCode>(TaskCreationOptions.RunContinuationsAsynchronously);
        var served = 0;

        async Task Handle(IConnection connection)
        {
            if (!listening.Fork && Interlocked.Exchange(ref served, 1) == 1)
            {
                // Without fork the listener serves one peer; one that slipped in before it closed is turned away.
                throw new InvalidOperationException("the listener serves one peer (no fork)");
            }

            Verbose($"accepted {connection.RemoteEndPoint}");
            var code = await RelayConnectionAsync(connection, listening, other, listenerIsFirst,
                listening.Fork ? CancellationToken.None : stop).ConfigureAwait(false);
            Verbose($"closed {connection.RemoteEndPoint}: {code}");
            outcome.TrySetResult(code);
        }

        var server = await listening.ListenAsync(options, Handle, stop).ConfigureAwait(false);
        await using (server.ConfigureAwait(false))
        {
            // Always said, on stderr: with port 0 it is the only way to learn the port.
            await _log.WriteLineAsync($"streamcaps: listening on {server.LocalEndPoint}").ConfigureAwait(false);
            if (!listening.Fork)
            {
                return await outcome.Task.WaitAsync(stop).ConfigureAwait(false);
            }

            // A forking listener serves until it is told to stop; that is its clean end. The relays under way are
            // not cancelled by the stop: the server lets them finish within the drain timeout, then resets them.
            try
            {
                await Task.Delay(Timeout.Infinite, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Told to stop.
            }

            using var drain = new CancellationTokenSource(DrainTimeout);
            await server.StopAsync(drain.Token).ConfigureAwait(false);
            return ExitCode.Clean;
        }
    }

    /// <summary>Relays one accepted peer against a fresh opening of the other address. A failure is the peer's
    /// own (its connection is reset by the server): it is reported and returned, never thrown at the server.</summary>
    private async Task<ExitCode> RelayConnectionAsync(IConnection connection, ListeningAddress listening, ConnectingAddress other,
        bool listenerIsFirst, CancellationToken stop)
    {
        try
        {
            var accepted = RelayEnd.Of(listening.Spec.Text, connection);
            await using var opened = await other.OpenAsync(_settings, stop).ConfigureAwait(false);
            await (listenerIsFirst ? RelayAsync(accepted, opened, stop) : RelayAsync(opened, accepted, stop)).ConfigureAwait(false);
            return ExitCode.Clean;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return ExitCode.Interrupted;
        }
        catch (Exception failure)
        {
            await _log.WriteLineAsync($"streamcaps: {connection.RemoteEndPoint}: {Failures.Describe(failure)}").ConfigureAwait(false);
            // The accepted peer must not take a failure for a clean end: abort its sink (a reset).
            await connection.Sink.AbortAsync(failure).ConfigureAwait(false);
            return Failures.CodeOf(failure);
        }
    }

    private async Task RelayAsync(RelayEnd first, RelayEnd second, CancellationToken stop)
    {
        var traffic = new Traffic();
        using var drawing = new CancellationTokenSource();
        var progress = _progress ? ProgressLine.DrawAsync(traffic, _log, drawing.Token) : Task.CompletedTask;
        try
        {
            await new Relay(_relay, traffic).RunAsync(first, second, stop).ConfigureAwait(false);
        }
        finally
        {
            await drawing.CancelAsync().ConfigureAwait(false);
            await progress.ConfigureAwait(false);
        }
    }

    /// <summary>Flushes and releases the library's logging (<c>--verbose</c>).</summary>
    public void Dispose() => _settings.Logging?.Dispose();

    private void Verbose(string message)
    {
        if (_settings.Verbose)
        {
            _log.WriteLine($"streamcaps: {message}");
        }
    }
}
