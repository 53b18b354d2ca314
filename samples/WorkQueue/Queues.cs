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

    /// <summary>How long the streams remember message ids: a republished id inside it is dropped. It must cover
    /// a whole run, restarts included (JetStream's default is 2 minutes).</summary>
    public static readonly TimeSpan DuplicateWindow = TimeSpan.FromMinutes(10);

    /// <summary>Creates both streams when they are missing, with <paramref name="replicas"/> replicas.</summary>
    public static async Task EnsureStreamsAsync(INatsConnection nats, int replicas)
    {
        var js = new NatsJSContext(nats);
        foreach (var (stream, subject) in new[] { (InputStream, InputSubject), (OutputStream, OutputSubject) })
        {
            try
            {
                await js.GetStreamAsync(stream);
            }
            catch (NatsJSApiException missing) when (missing.Error.Code == 404)
            {
                await js.CreateStreamAsync(new StreamConfig(stream, [subject])
                {
                    NumReplicas = replicas,
                    DuplicateWindow = DuplicateWindow,
                    Storage = StreamConfigStorage.File,
                });
            }
        }
    }
}
