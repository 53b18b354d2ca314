using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace Streamcaps.Samples.WorkQueue;

/// <summary>The sample's streams and consumer names, in one place.</summary>
internal static class Queues
{
    public const string InputStream = "WQ_IN";
    public const string InputSubject = "wq.in";
    public const string OutputStream = "WQ_OUT";
    public const string OutputSubject = "wq.out";
    public const string Workers = "workers";

    /// <summary>Where a worker moves an input it cannot parse (headers say why), so it neither loops nor stops.</summary>
    public const string DeadLetterStream = "WQ_DEAD";
    public const string DeadLetterSubject = "wq.dead";

    /// <summary>How long the streams remember message ids: a republished id inside it is dropped. It must cover
    /// a whole run, restarts included (JetStream's default is 2 minutes).</summary>
    public static readonly TimeSpan DuplicateWindow = TimeSpan.FromMinutes(10);

    /// <summary>Creates the input, output and dead-letter streams when they are missing, with
    /// <paramref name="replicas"/> replicas.</summary>
    public static async Task EnsureStreamsAsync(INatsConnection nats, int replicas)
    {
        var js = new NatsJSContext(nats);
        foreach (var (stream, subject) in new[] { (InputStream, InputSubject), (OutputStream, OutputSubject), (DeadLetterStream, DeadLetterSubject) })
        {
            await EnsureStreamAsync(js, stream, subject, replicas, CancellationToken.None);
        }
    }

    /// <summary>Creates the dead-letter stream, as replicated as the input, when it is missing (streams made by
    /// an older <c>produce</c>); fails with a 404 while the input stream does not exist yet.</summary>
    public static async Task EnsureDeadLetterStreamAsync(INatsConnection nats, CancellationToken cancellationToken)
    {
        var js = new NatsJSContext(nats);
        var input = await js.GetStreamAsync(InputStream, cancellationToken: cancellationToken);
        await EnsureStreamAsync(js, DeadLetterStream, DeadLetterSubject, input.Info.Config.NumReplicas, cancellationToken);
    }

    private static async Task EnsureStreamAsync(NatsJSContext js, string stream, string subject, int replicas, CancellationToken cancellationToken)
    {
        try
        {
            await js.GetStreamAsync(stream, cancellationToken: cancellationToken);
        }
        catch (NatsJSApiException missing) when (missing.Error.Code == 404)
        {
            await js.CreateStreamAsync(new StreamConfig(stream, [subject])
            {
                NumReplicas = replicas,
                DuplicateWindow = DuplicateWindow,
                Storage = StreamConfigStorage.File,
            }, cancellationToken);
        }
    }
}
