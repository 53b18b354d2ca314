using NATS.Client.Core;
using NATS.Client.JetStream;

namespace Streamcaps.Nats.JetStream;

/// <summary>Tells why a JetStream publish got no PubAck. The server answers nothing both when no stream
/// captures the subject and when the stream's cluster cannot store it, so the stream list tells them apart.</summary>
internal static class PublishFailure
{
    public static async ValueTask<Exception> ExplainSilenceAsync(INatsJSContext context, string subject, TimeSpan timeout, Exception silence)
    {
        try
        {
            using var bound = new CancellationTokenSource(timeout);
            await foreach (var _ in context.ListStreamNamesAsync(subject, bound.Token).ConfigureAwait(false))
            {
                return new TimeoutException(
                    $"No PubAck for subject '{subject}' within {timeout.TotalSeconds:0.###} s: the stream exists, but its cluster did not store the message in time (no leader, too few replicas up, or the server is overloaded).",
                    silence);
            }

            return new JetStreamNoStreamException(subject);
        }
        catch (Exception listing) when (listing is OperationCanceledException or NatsException)
        {
            return new TimeoutException(
                $"No PubAck for subject '{subject}' within {timeout.TotalSeconds:0.###} s, and the JetStream API did not answer either: the cluster is unavailable.",
                silence);
        }
    }
}
