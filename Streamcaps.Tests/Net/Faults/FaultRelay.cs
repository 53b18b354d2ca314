using System.Net;
using System.Net.Sockets;

namespace Streamcaps.Tests.Net.Faults;

/// <summary>
/// A loopback TCP relay for fault injection: clients connect to <see cref="LocalEndPoint"/>, and every
/// connection is joined to a new connection to the target, forwarded both ways with plain sockets (nothing of
/// the library under test). It passes ends on as they came (a FIN as a FIN, a reset as a reset) and can
/// split every chunk into 1-byte sends, stall (stop reading, so backpressure builds up), reset both sides,
/// or cut both sides with a FIN in the middle of the stream.
/// </summary>
internal sealed class FaultRelay : IAsyncDisposable
{
    private const int SplitModeBufferSize = 16 * 1024;

    private readonly Socket _listener;
    private readonly EndPoint _target;
    private readonly bool _splitIntoSingleBytes;
    private readonly List<Link> _links = [];
    private readonly Task _accepting;
    private TaskCompletionSource _flowing = NewGate(open: true);

    private FaultRelay(Socket listener, EndPoint target, bool splitIntoSingleBytes)
    {
        _listener = listener;
        _target = target;
        _splitIntoSingleBytes = splitIntoSingleBytes;
        LocalEndPoint = listener.LocalEndPoint!;
        _accepting = AcceptAsync();
    }

    /// <summary>Where clients connect.</summary>
    public EndPoint LocalEndPoint { get; }

    /// <summary>Starts a relay on a free port of the target's loopback address.</summary>
    /// <param name="target">Where each connection is relayed to.</param>
    /// <param name="splitIntoSingleBytes">Whether every byte is sent on its own (with Nagle off, so the peer
    /// reads it as a chunk of its own unless it falls behind).</param>
    public static FaultRelay Start(IPEndPoint target, bool splitIntoSingleBytes = false)
    {
        var listener = new Socket(target.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        if (splitIntoSingleBytes)
        {
            SetSmallBuffers(listener);
        }

        listener.Bind(new IPEndPoint(target.Address, 0));
        listener.Listen(64);
        return new FaultRelay(listener, target, splitIntoSingleBytes);
    }

    /// <summary>Stops forwarding in both directions: nothing more is read, so senders fill their buffers and stall.</summary>
    public void Stall()
    {
        lock (_links)
        {
            if (_flowing.Task.IsCompleted)
            {
                _flowing = NewGate(open: false);
            }
        }
    }

    /// <summary>Forwards again after <see cref="Stall"/>.</summary>
    public void Resume()
    {
        lock (_links)
        {
            _flowing.TrySetResult();
        }
    }

    /// <summary>Resets both sides of every connection (RST), dropping what was not forwarded.</summary>
    public void Reset() => ForEachLink(link => link.Reset());

    /// <summary>Ends both sides of every connection with a FIN, without forwarding anything more: the stream is
    /// cut where it stands, with no reset to tell anyone.</summary>
    public void Cut() => ForEachLink(link => link.Cut());

    public async ValueTask DisposeAsync()
    {
        _listener.Dispose();
        await _accepting.ConfigureAwait(false);
        Resume();
        ForEachLink(link => link.Reset());
        Task[] pumps;
        lock (_links)
        {
            pumps = [.. _links.SelectMany(link => link.Pumps)];
        }

        await Task.WhenAll(pumps).WaitAsync(TcpLoopback.Patience).ConfigureAwait(false);
    }

    /// <summary>Small buffers, set before connecting (an accepted socket inherits the listener's), keep what
    /// piles up in the relay small, so a stalled reader stops the writer soon and catching up one byte at a
    /// time stays quick.</summary>
    private static void SetSmallBuffers(Socket socket)
    {
        socket.ReceiveBufferSize = SplitModeBufferSize;
        socket.SendBufferSize = SplitModeBufferSize;
    }

    private static TaskCompletionSource NewGate(bool open)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (open)
        {
            gate.SetResult();
        }

        return gate;
    }

    private void ForEachLink(Action<Link> action)
    {
        Link[] links;
        lock (_links)
        {
            links = [.. _links];
        }

        foreach (var link in links)
        {
            action(link);
        }
    }

    private Task WhenFlowingAsync()
    {
        lock (_links)
        {
            return _flowing.Task;
        }
    }

    private async Task AcceptAsync()
    {
        while (true)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync().ConfigureAwait(false);
            }
            catch (Exception failure) when (failure is SocketException or ObjectDisposedException)
            {
                return;
            }

            var upstream = new Socket(_target.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            if (_splitIntoSingleBytes)
            {
                SetSmallBuffers(upstream);
            }

            try
            {
                await upstream.ConnectAsync(_target).ConfigureAwait(false);
            }
            catch (SocketException)
            {
                upstream.Dispose();
                Link.ResetSocket(client);
                continue;
            }

            client.NoDelay = upstream.NoDelay = true;
            var link = new Link(client, upstream);
            link.Pumps = [PumpAsync(link, client, upstream), PumpAsync(link, upstream, client)];
            lock (_links)
            {
                _links.Add(link);
            }
        }
    }

    /// <summary>Forwards one direction until its end, and passes that end on: a FIN as a FIN, a reset as a reset.</summary>
    private async Task PumpAsync(Link link, Socket from, Socket to)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                await WhenFlowingAsync().ConfigureAwait(false);
                var count = await from.ReceiveAsync(buffer).ConfigureAwait(false);
                if (count == 0)
                {
                    Link.HalfClose(to);
                    link.PumpEnded();
                    return;
                }

                await WhenFlowingAsync().ConfigureAwait(false);
                if (link.IsCut)
                {
                    return;
                }

                if (_splitIntoSingleBytes)
                {
                    for (var i = 0; i < count; i++)
                    {
                        await to.SendAsync(buffer.AsMemory(i, 1)).ConfigureAwait(false);
                    }
                }
                else
                {
                    await to.SendAsync(buffer.AsMemory(0, count)).ConfigureAwait(false);
                }
            }
        }
        catch (Exception failure) when (failure is SocketException or ObjectDisposedException)
        {
            link.Reset();
        }
    }

    /// <summary>One relayed connection: the client's socket and the one to the target.</summary>
    private sealed class Link(Socket client, Socket upstream)
    {
        private int _ended;

        private int _pumpsEnded;

        public Task[] Pumps { get; set; } = [];

        /// <summary>Both directions ended with a FIN: the sockets close without a reset.</summary>
        public void PumpEnded()
        {
            if (Interlocked.Increment(ref _pumpsEnded) == 2 && Interlocked.Exchange(ref _ended, 1) == 0)
            {
                client.Dispose();
                upstream.Dispose();
            }
        }

        public bool IsCut { get; private set; }

        public static void HalfClose(Socket to)
        {
            try
            {
                to.Shutdown(SocketShutdown.Send);
            }
            catch (Exception failure) when (failure is SocketException or ObjectDisposedException)
            {
                // The other side is gone already.
            }
        }

        public void Cut()
        {
            IsCut = true;
            HalfClose(client);
            HalfClose(upstream);
        }

        public void Reset()
        {
            if (Interlocked.Exchange(ref _ended, 1) == 0)
            {
                ResetSocket(client);
                ResetSocket(upstream);
            }
        }

        public static void ResetSocket(Socket socket)
        {
            try
            {
                socket.LingerState = new LingerOption(true, 0);
            }
            catch (Exception failure) when (failure is SocketException or ObjectDisposedException)
            {
                // Closed already.
            }

            socket.Dispose();
        }
    }
}
