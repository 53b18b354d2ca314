using NATS.Client.Core;
using Streamcaps.Brokers.Serialization;
using Streamcaps.Nats.JetStream;

namespace Streamcaps.Cli.Addresses;

/// <summary><c>jetstream:STREAM[,subject=SUBJECT][,durable=NAME][,servers=URL]</c>: a JetStream stream. Read: the
/// stream from its start (or where the durable consumer NAME left off), each message acknowledged only once its
/// payload was delivered on the other side. Written (with <c>subject=</c>): every chunk published as one message,
/// the delivery complete on the stream's PubAck.</summary>
internal sealed class JetStreamAddress : ConnectingAddress
{
    private readonly string _servers;
    private readonly string? _subject;
    private readonly string? _durable;

    public JetStreamAddress(AddressSpec spec)
        : base(spec)
    {
        UnixAddress.RequirePath(spec);
        _servers = NatsAddress.Servers(spec);
        _subject = spec.Value("subject");
        _durable = spec.Value("durable");
    }

    public override async Task<RelayEnd> OpenAsync(ConnectionSettings settings, CancellationToken cancellationToken)
    {
        var connection = new NatsConnection(new NatsOpts { Url = _servers, ConnectTimeout = settings.Tcp.ConnectTimeout });
        try
        {
            var messages = await JetStreamConnector.CreateSourceAsync(connection,
                new JetStreamSourceOptions { Stream = Spec.Target, Durable = _durable }, MessageSerializer.Raw, cancellationToken).ConfigureAwait(false);
            var sink = _subject is null
                ? null
                : JetStreamConnector.CreateSink(connection, new JetStreamSinkOptions<ReadOnlyMemory<byte>> { Subject = _subject }, MessageSerializer.Raw);
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
