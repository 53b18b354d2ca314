using NATS.Client.Core;
using Streamcaps.Brokers.Serialization;
using Streamcaps.Nats.Core;

namespace Streamcaps.Cli.Addresses;

/// <summary><c>nats:SUBJECT[,servers=URL]</c>: core NATS, no persistence. Read: every message published to SUBJECT
/// (wildcards allowed) from now on, each message's payload a chunk. Written: every chunk published as one message.
/// A subscriber that falls behind loses messages, as core NATS does (see the connector's docs).</summary>
internal sealed class NatsAddress : ConnectingAddress
{
    private readonly string _servers;

    public NatsAddress(AddressSpec spec)
        : base(spec)
    {
        UnixAddress.RequirePath(spec);
        _servers = Servers(spec);
    }

    /// <summary>The <c>servers=</c> option, comma-free (several URLs separated by <c>;</c>), default the local server.</summary>
    public static string Servers(AddressSpec spec) => (spec.Value("servers") ?? "nats://127.0.0.1:4222").Replace(';', ',');

    public override async Task<RelayEnd> OpenAsync(ConnectionSettings settings, CancellationToken cancellationToken)
    {
        var connection = new NatsConnection(new NatsOpts { Url = _servers, ConnectTimeout = settings.Tcp.ConnectTimeout });
        try
        {
            var messages = await NatsSubjects.SubscribeAsync(connection, new NatsSubjectSourceOptions { Subject = Spec.Target },
                MessageSerializer.Raw, cancellationToken).ConfigureAwait(false);
            var sink = NatsSubjects.CreateSink(connection, Spec.Target, MessageSerializer.Raw);
            return new RelayEnd(Spec.Text, messages.Select(message => message.Payload), sink, async () =>
            {
                await messages.DisposeAsync().ConfigureAwait(false);
                await connection.DisposeAsync().ConfigureAwait(false);
            });
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
