using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using Streamcaps.Net;

namespace Streamcaps.Benchmarks.Tcp;

/// <summary>
/// What the Streamcaps.Net meter costs the echo: the same server-side connection as a server makes it (its
/// byte counters attached), with no listener and with a listener that aggregates every instrument of the meter
/// as OpenTelemetry's SDK does (an add per measurement). Compare the two <see cref="Listened"/> rows of
/// <c>StreamcapsSourceIntoSink</c>, and <see cref="CountOneChunkEachWay"/> for the counting alone; the target is
/// at most 2 %.
/// </summary>
/// <remarks>Run: <c>dotnet run -c Release --project benchmarks/Streamcaps.Benchmarks -- --filter *TcpEchoMetrics* --job short</c> (add <c>--inProcess</c> on a busy machine).</remarks>
public class TcpEchoMetricsBenchmarks : TcpEchoBenchmarks
{
    private MeterListener? _listener;
    private ServerDiagnostics _telemetry = null!;
    private long _measured;

    /// <summary>Whether a listener collects the meter's measurements.</summary>
    [Params(false, true)]
    public bool Listened { get; set; }

    public override void Setup()
    {
        if (Listened)
        {
            _listener = new MeterListener
            {
                InstrumentPublished = (instrument, listener) =>
                {
                    if (instrument.Meter.Name == StreamcapsNetDiagnostics.MeterName)
                    {
                        listener.EnableMeasurementEvents(instrument);
                    }
                },
            };
            _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _measured, value));
            _listener.Start();
        }

        base.Setup();
    }

    public override void Cleanup()
    {
        base.Cleanup();
        _listener?.Dispose();
    }

    /// <summary>A connection as <see cref="Server"/> makes one: with the server's telemetry attached.</summary>
    protected override IConnection ConnectStreamcaps(EndPoint server)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Connect(server);
        _telemetry = new ServerDiagnostics(socket.LocalEndPoint!, new TcpServerOptions { OnFailure = _ => { } });
        return new TcpConnection(socket, TcpConnectionOptions.Default) { Diagnostics = _telemetry };
    }

    /// <summary>What the meter adds to one echoed chunk, alone: the read and the write counted. Steadier than the
    /// echo itself on a busy machine, where loopback round trips scatter far more than this costs.</summary>
    [Benchmark(OperationsPerInvoke = 1000)]
    public void CountOneChunkEachWay()
    {
        for (var i = 0; i < 1000; i++)
        {
            _telemetry.BytesRead(ChunkSize);
            _telemetry.BytesWritten(ChunkSize);
        }
    }
}
