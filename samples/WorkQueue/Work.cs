using NATS.Client.Core;
using Streamcaps.Brokers.Acknowledgement;
using Streamcaps.Nats.JetStream;

namespace Streamcaps.Samples.WorkQueue;

/// <summary><c>work</c>: squares every input of the shared <c>workers</c> consumer into <c>wq.out</c> until
/// SIGTERM or Ctrl+C, then finishes what is in flight.</summary>
/// <remarks>
/// End-to-end at-least-once with pipelined publishes: the source does not acknowledge on delivery (the sink's
/// window finishes a delivery before the PubAck), the sink acknowledges each input once its result's PubAck
/// arrived. A worker killed at any point leaves its unacknowledged inputs to the others (after AckWait); the
/// result's message id (the number) makes the stream drop the second copy of a redone result.
/// </remarks>
internal static class Work
{
    private static readonly JetStreamSourceOptions SourceOptions = new()
    {
        Stream = Queues.InputStream,
        Durable = Queues.Workers,
        Acknowledgement = AcknowledgementMode.Manual,
        MaxBatch = 512,
        AckWait = TimeSpan.FromSeconds(10),
        // An input that is not a decimal 64-bit number goes here at once, with the parser's error in its headers,
        // and the worker goes on. Failed publishes are no reason to dead-letter an input: they fail the flow,
        // which starts again (no MaxDeliveries).
        DeadLetterSubject = Queues.DeadLetterSubject,
    };

    private static readonly JetStreamSinkOptions<Square> SinkOptions = new()
    {
        Subject = Queues.OutputSubject,
        MessageId = square => square.MessageId,
        MaxPublishesInFlight = 256,
        Published = (square, cancellationToken) => square.Origin.AckAsync(cancellationToken),
    };

    public static async Task<int> RunAsync(INatsConnection nats)
    {
        using var signal = new ShutdownSignal();
        var stop = signal.Received;
        using var stopping = new CancellationTokenSource();
        _ = stop.ContinueWith(_ => stopping.Cancel(), TaskScheduler.Default);
        while (!stop.IsCompleted)
        {
            try
            {
                await RunOnceAsync(nats, stopping.Token);
            }
            catch (Exception failure) when (failure is IOException or TimeoutException or NatsException or OperationCanceledException)
            {
                // A node restarting or a leader moving: what was not acknowledged comes back; start again.
                Console.Error.WriteLine($"work: {failure.Message}; restarting the flow");
                await Task.WhenAny(stop, Task.Delay(TimeSpan.FromSeconds(1)));
            }
        }

        Console.WriteLine("work: stopped");
        return 0;
    }

    private static async Task RunOnceAsync(INatsConnection nats, CancellationToken stop)
    {
        await Queues.EnsureDeadLetterStreamAsync(nats, stop);
        await using var inputs = await JetStreamConnector.CreateSourceAsync(nats, SourceOptions, DecimalSerializer.Instance, stop);
        using var stopping = stop.Register(inputs.Stop);
        var squares = inputs.Select(message => new Square(message.Payload, message));
        // Not cancelled by the stop: the source ends the flow cleanly, so the window's PubAcks are awaited.
        await Flow.RunAsync(squares, JetStreamConnector.CreateSink(nats, SinkOptions, SquareSerializer.Instance), CancellationToken.None);
    }
}
