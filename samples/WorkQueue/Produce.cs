using NATS.Client.Core;
using Streamcaps.Nats.JetStream;

namespace Streamcaps.Samples.WorkQueue;

/// <summary><c>produce</c>: publishes 0..N-1 to <c>wq.in</c> and waits for every PubAck.</summary>
internal static class Produce
{
    /// <summary>How long produce keeps retrying after failures (a node restarting) before it gives up.</summary>
    private static readonly TimeSpan RetryFor = TimeSpan.FromMinutes(2);

    public static async Task<int> RunAsync(INatsConnection nats, int count, int replicas)
    {
        long acknowledged = 0;
        var sinkOptions = new JetStreamSinkOptions<long>
        {
            Subject = Queues.InputSubject,
            // Ids make a retry safe: a number published twice is stored once.
            MessageId = number => number.ToString(System.Globalization.CultureInfo.InvariantCulture),
            MaxPublishesInFlight = 256,
            Published = (number, _) =>
            {
                acknowledged = number + 1;
                return default;
            },
        };

        var giveUp = DateTime.UtcNow + RetryFor;
        while (true)
        {
            var from = acknowledged;
            try
            {
                // Inside the retry: a cluster that just started may not have elected its JetStream leader yet.
                await Queues.EnsureStreamsAsync(nats, replicas);
                var numbers = Source.From(Enumerable.Range((int)from, count - (int)from).Select(i => (long)i));
                await Flow.RunAsync(numbers, JetStreamConnector.CreateSink(nats, sinkOptions, DecimalSerializer.Instance));
                Console.WriteLine($"produced {count}");
                return 0;
            }
            catch (Exception failure) when (DateTime.UtcNow < giveUp && failure is IOException or TimeoutException or NatsException)
            {
                Console.Error.WriteLine($"produce: {failure.Message}; going on from {acknowledged}");
                await Task.Delay(TimeSpan.FromSeconds(1));
            }
        }
    }
}
