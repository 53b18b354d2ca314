using Streamcaps.Connectors.Tests.Support;
using Streamcaps.Tests.Cli;

namespace Streamcaps.Connectors.Tests.Cli;

/// <summary>The <c>streamcaps</c> command's broker addresses against a real nats-server: what stdin publishes to a
/// JetStream subject (each delivery complete on its PubAck) is what a second run reads back from the stream.</summary>
[Collection(NatsServerGroup.Name)]
public sealed class CliJetStreamTests(NatsServer server)
{
    [Fact]
    public async Task Stdio_published_to_a_stream_is_read_back_from_the_stream()
    {
        string stream;
        await using (var nats = server.Connect())
        {
            stream = await NatsServer.CreateStreamAsync(nats, "cli");
        }

        var publish = await CliProcess.RunAsync(["-u", "stdio", $"jetstream:{stream},subject={stream.ToLowerInvariant()}.in,servers={server.Url}"],
            "kept by the broker"u8.ToArray());
        Assert.True(publish.ExitCode == 0, publish.Errors);

        await using var reader = CliProcess.Start("-u", $"jetstream:{stream},servers={server.Url}", "stdio");
        var received = new byte[18];
        await reader.Output.ReadExactlyAsync(received).AsTask().WaitAsync(CliProcess.DefaultTimeout);

        Assert.Equal("kept by the broker"u8.ToArray(), received);
    }

    [Fact]
    public async Task A_core_NATS_subject_carries_stdin_to_a_subscribed_run()
    {
        var subject = $"cli.{Guid.NewGuid():N}";
        await using var subscriber = CliProcess.Start("-u", $"nats:{subject},servers={server.Url}", "stdio");
        // Core NATS keeps nothing: publish only once the subscriber's subscription is in place.
        await using (var nats = server.Connect())
        {
            await WaitForSubscriberAsync(nats, subject);
        }

        var publish = await CliProcess.RunAsync(["-u", "stdio", $"nats:{subject},servers={server.Url}"], "fire and forget"u8.ToArray());
        Assert.True(publish.ExitCode == 0, publish.Errors);

        // The subscriber also got the probes that found it; what matters is that the published bytes follow.
        var received = new MemoryStream();
        var buffer = new byte[256];
        using var deadline = new CancellationTokenSource(CliProcess.DefaultTimeout);
        while (!System.Text.Encoding.ASCII.GetString(received.ToArray()).EndsWith("fire and forget", StringComparison.Ordinal))
        {
            var count = await subscriber.Output.ReadAsync(buffer, deadline.Token);
            Assert.True(count > 0, "the subscriber's output ended before the published message arrived");
            received.Write(buffer, 0, count);
        }
    }

    /// <summary>Polls the server's view of the subject (a request with no responder fails at once) until the
    /// subscriber is there, within the test's bound.</summary>
    private static async Task WaitForSubscriberAsync(NATS.Client.Core.NatsConnection nats, string subject)
    {
        using var deadline = new CancellationTokenSource(CliProcess.DefaultTimeout);
        var probe = $"{subject}.probe";
        while (true)
        {
            deadline.Token.ThrowIfCancellationRequested();
            try
            {
                // The subscriber does not answer requests; a "no responders" status means the subject has no
                // subscriber yet, a timeout means a subscriber took the message.
                await nats.RequestAsync<string, string>(subject, "probe", replyOpts: new NATS.Client.Core.NatsSubOpts { Timeout = TimeSpan.FromMilliseconds(200) }, cancellationToken: deadline.Token);
                return;
            }
            catch (NATS.Client.Core.NatsNoRespondersException)
            {
                await Task.Yield();
            }
            catch (NATS.Client.Core.NatsNoReplyException)
            {
                return;
            }
        }
    }
}
