using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using Streamcaps;
using Streamcaps.Brokers.Acknowledgement;
using Streamcaps.Brokers.Serialization;
using Streamcaps.Nats.JetStream;

// source -> map -> sink through JetStream, against a hand-written NATS.Net fetch/publish/ack loop doing the same
// work, on a nats-server of its own (single node, loopback), in alternating rounds.
//   dotnet run -c Release --project benchmarks/Streamcaps.Nats.Benchmark -- [messages per round] [rounds]
const int Batch = 256;
const int Window = 256;
// A whole number of fetches: a last, partial fetch would wait out its expiry (2 s) on both sides, an idle tail
// that dilutes the ratio towards 1.
var messages = (args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20_480) + Batch - 1;
messages -= messages % Batch;
var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;

var store = Directory.CreateTempSubdirectory("streamcaps-nats-bench-");
var port = FreePort();
using var server = Process.Start(new ProcessStartInfo("nats-server",
    $"--addr 127.0.0.1 --port {port} --jetstream --store_dir {store.FullName} --log {Path.Combine(store.FullName, "server.log")}"))!;
try
{
    await using var nats = new NatsConnection(new NatsOpts { Url = $"nats://127.0.0.1:{port}", ConnectTimeout = TimeSpan.FromSeconds(10) });
    await WaitForServerAsync(nats);
    var js = new NatsJSContext(nats);
    var results = new Dictionary<string, List<Measure>>();
    string[] shapes = ["streamcaps, PubAck per message", "hand loop, PubAck per message", "streamcaps, pipelined", "hand loop, pipelined"];
    for (var round = 0; round < rounds + 1; round++)
    {
        // The two sides of a shape run back to back, so a round's ratio compares them under the same load, and
        // take turns going first; round 0 is a warm-up.
        var order = round % 2 == 0 ? shapes : [shapes[1], shapes[0], shapes[3], shapes[2]];
        foreach (var shape in order)
        {
            var (input, output) = await PrepareAsync(js, messages);
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var switches = ContextSwitches();
            var clock = Stopwatch.StartNew();
            await (shape switch
            {
                "streamcaps, PubAck per message" => StreamcapsAsync(nats, input, output, messages, pipelined: false),
                "streamcaps, pipelined" => StreamcapsAsync(nats, input, output, messages, pipelined: true),
                "hand loop, PubAck per message" => HandLoopAsync(js, input, output, messages),
                _ => HandLoopPipelinedAsync(js, input, output, messages),
            });
            clock.Stop();
            var bytes = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / (double)messages;
            var cpuMicros = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMicroseconds / messages;
            var switchesPerMessage = (ContextSwitches() - switches) / (double)messages;
            await VerifyAsync(js, output, messages);
            if (round > 0)
            {
                (results.TryGetValue(shape, out var list) ? list : results[shape] = []).Add(new Measure(messages / clock.Elapsed.TotalSeconds, bytes, cpuMicros, switchesPerMessage));
            }

            await js.DeleteStreamAsync(input);
            await js.DeleteStreamAsync(output);
        }
    }

    Console.WriteLine($"{messages} messages a round, {rounds} rounds, fetch batch {Batch}, window {Window}; medians:");
    foreach (var shape in shapes)
    {
        var (rate, bytes, cpuMicros, switchesPerMessage) = Median(results[shape]);
        Console.WriteLine($"  {shape,-32} {rate,10:N0} msg/s {bytes,8:N0} B/msg {cpuMicros,8:N1} us CPU/msg {switchesPerMessage,6:N2} context switches/msg");
    }

    Console.WriteLine($"ratio, PubAck per message: {Ratios(results[shapes[0]], results[shapes[1]])}");
    Console.WriteLine($"ratio, pipelined:          {Ratios(results[shapes[2]], results[shapes[3]])}");
}
finally
{
    server.Kill();
    await server.WaitForExitAsync();
    store.Delete(recursive: true);
}

static async Task StreamcapsAsync(NatsConnection nats, string input, string output, int messages, bool pipelined)
{
    await using var source = await JetStreamConnector.CreateSourceAsync(nats, new JetStreamSourceOptions
    {
        Stream = input,
        Durable = "bench",
        MaxBatch = Batch,
        Acknowledgement = pipelined ? AcknowledgementMode.Manual : AcknowledgementMode.AfterDelivery,
    }, MessageSerializer.Raw);
    var done = 0;
    var sink = JetStreamConnector.CreateSink(nats, new JetStreamSinkOptions<Mapped>
    {
        Subject = Subject(output),
        MaxPublishesInFlight = pipelined ? Window : 1,
        Published = pipelined ? (mapped, ct) => mapped.Origin.AckAsync(ct) : null,
    }, MappedSerializer.Instance);
    var mapped = source.Through(Pump.Map<JetStreamMessage<ReadOnlyMemory<byte>>, Mapped>(message =>
    {
        if (++done == messages)
        {
            source.Stop();
        }

        return new Mapped(message);
    }));
    await Flow.RunAsync(mapped, sink);
}

static async Task HandLoopAsync(NatsJSContext js, string input, string output, int messages)
{
    var consumer = await js.CreateOrUpdateConsumerAsync(input, new ConsumerConfig("bench") { AckPolicy = ConsumerConfigAckPolicy.Explicit });
    var done = 0;
    while (done < messages)
    {
        await foreach (var message in consumer.FetchAsync<ReadOnlyMemory<byte>>(new NatsJSFetchOpts { MaxMsgs = Batch, Expires = TimeSpan.FromSeconds(2) }))
        {
            var ack = await js.PublishAsync(Subject(output), Map(message.Data));
            ack.EnsureSuccess();
            await message.AckAsync();
            done++;
        }
    }
}

static async Task HandLoopPipelinedAsync(NatsJSContext js, string input, string output, int messages)
{
    var consumer = await js.CreateOrUpdateConsumerAsync(input, new ConsumerConfig("bench") { AckPolicy = ConsumerConfigAckPolicy.Explicit });
    var pending = new Queue<(Task<PubAckResponse> Ack, INatsJSMsg<ReadOnlyMemory<byte>> Message)>();
    var done = 0;
    while (done < messages)
    {
        await foreach (var message in consumer.FetchAsync<ReadOnlyMemory<byte>>(new NatsJSFetchOpts { MaxMsgs = Batch, Expires = TimeSpan.FromSeconds(2) }))
        {
            if (pending.Count == Window)
            {
                await SettleAsync(pending.Dequeue());
            }

            pending.Enqueue((js.PublishAsync(Subject(output), Map(message.Data)).AsTask(), message));
            done++;
        }
    }

    while (pending.Count > 0)
    {
        await SettleAsync(pending.Dequeue());
    }

    static async Task SettleAsync((Task<PubAckResponse> Ack, INatsJSMsg<ReadOnlyMemory<byte>> Message) entry)
    {
        (await entry.Ack).EnsureSuccess();
        await entry.Message.AckAsync();
    }
}

// The work both sides do: upper-case ASCII letters of the payload.
static byte[] Map(ReadOnlyMemory<byte> payload)
{
    var mapped = payload.ToArray();
    for (var i = 0; i < mapped.Length; i++)
    {
        mapped[i] = (byte)char.ToUpperInvariant((char)mapped[i]);
    }

    return mapped;
}

static async Task<(string Input, string Output)> PrepareAsync(NatsJSContext js, int messages)
{
    var id = Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
    var (input, output) = ($"IN{id}", $"OUT{id}");
    await js.CreateStreamAsync(new StreamConfig(input, [Subject(input)]));
    await js.CreateStreamAsync(new StreamConfig(output, [Subject(output)]));
    var sink = JetStreamConnector.CreateSink(js.Connection, new JetStreamSinkOptions<string>
    {
        Subject = Subject(input),
        MaxPublishesInFlight = 512,
    }, MessageSerializer.Utf8);
    await Flow.RunAsync(Source.From(Enumerable.Range(0, messages).Select(i => $"message number {i}")), sink);
    return (input, output);
}

static async Task VerifyAsync(NatsJSContext js, string output, int messages)
{
    var stored = (await js.GetStreamAsync(output)).Info.State.Messages;
    if (stored < messages)
    {
        throw new InvalidOperationException($"{output} holds {stored} of {messages} messages.");
    }
}

static Measure Median(List<Measure> values)
{
    static double Middle(IEnumerable<double> of) => of.Order().ElementAt(of.Count() / 2);
    return new Measure(Middle(values.Select(v => v.Rate)), Middle(values.Select(v => v.Bytes)), Middle(values.Select(v => v.CpuMicros)),
        Middle(values.Select(v => v.Switches)));
}

// The median of the rounds' own ratios (both sides of a round ran back to back), the quartiles and the range.
static string Ratios(List<Measure> streamcaps, List<Measure> hand)
{
    var perRound = streamcaps.Zip(hand, (ours, theirs) => ours.Rate / theirs.Rate).Order().ToList();
    double At(double quantile) => perRound[(int)Math.Round(quantile * (perRound.Count - 1))];
    return string.Create(CultureInfo.InvariantCulture,
        $"{At(0.5):0.00}x median of {perRound.Count} rounds (quartiles {At(0.25):0.00}-{At(0.75):0.00}, range {perRound[0]:0.00}-{perRound[^1]:0.00})");
}

// Voluntary and involuntary context switches of every thread of this process, from /proc (Linux).
static long ContextSwitches()
{
    long total = 0;
    foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
    {
        try
        {
            foreach (var line in File.ReadLines(Path.Combine(task, "status")))
            {
                if (line.EndsWith("ctxt_switches", StringComparison.Ordinal) is false && line.Contains("ctxt_switches:", StringComparison.Ordinal))
                {
                    total += long.Parse(line.AsSpan(line.IndexOf(':', StringComparison.Ordinal) + 1).Trim(), CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException)
        {
            // The thread ended meanwhile.
        }
    }

    return total;
}

static string Subject(string stream) => stream.ToLowerInvariant() + ".x";

static int FreePort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}

static async Task WaitForServerAsync(NatsConnection nats)
{
    var deadline = DateTime.UtcNow.AddSeconds(20);
    while (true)
    {
        try
        {
            await nats.ConnectAsync();
            await new NatsJSContext(nats).GetAccountInfoAsync();
            return;
        }
        catch (Exception) when (DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }
    }
}

/// <summary>One round of one shape: messages per second, and per message the bytes allocated, the CPU time and the
/// context switches (this process, every thread: a thread woken or put to sleep counts).</summary>
internal readonly record struct Measure(double Rate, double Bytes, double CpuMicros, double Switches);

/// <summary>The mapped item: the input message, kept so it can be acknowledged once its output is stored.</summary>
internal readonly record struct Mapped(JetStreamMessage<ReadOnlyMemory<byte>> Origin);

/// <summary>Writes the same mapping as the hand loop's <c>Map</c>, straight into the outgoing buffer.</summary>
internal sealed class MappedSerializer : IMessageSerializer<Mapped>
{
    public static readonly MappedSerializer Instance = new();

    public void Serialize(System.Buffers.IBufferWriter<byte> output, Mapped value)
    {
        var payload = value.Origin.Payload.Span;
        var span = output.GetSpan(payload.Length);
        for (var i = 0; i < payload.Length; i++)
        {
            span[i] = (byte)char.ToUpperInvariant((char)payload[i]);
        }

        output.Advance(payload.Length);
    }

    public Mapped Deserialize(in System.Buffers.ReadOnlySequence<byte> payload) => throw new NotSupportedException();
}
