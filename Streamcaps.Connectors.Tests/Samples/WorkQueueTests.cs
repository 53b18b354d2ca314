using NATS.Client.Core;
using NATS.Client.JetStream;
using Streamcaps.Connectors.Tests.Support;
using Streamcaps.Tests.Support;

namespace Streamcaps.Connectors.Tests.Samples;

/// <summary>The WorkQueue sample as real processes (<c>dotnet WorkQueue.dll</c>) against real servers: a worker
/// killed with SIGKILL mid-run, a cluster node restarted mid-run, and every result still arrives once.</summary>
/// <remarks>Each test starts servers of its own: the sample's stream names are fixed.</remarks>
public sealed class WorkQueueTests
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task A_worker_killed_mid_run_loses_nothing_and_duplicates_nothing()
    {
        await using var single = await SingleNodeAsync();
        const int count = 20_000;
        await ProduceAsync(single.Url, count, replicas: 1);

        await using var victim = SampleProcess.Start("WorkQueue", "work", "--servers", single.Url);
        await using var survivor = SampleProcess.Start("WorkQueue", "work", "--servers", single.Url);
        await WaitForResultsAsync(single.Url, atLeast: 2_000);
        System.Diagnostics.Process.GetProcessById(victim.Id).Kill();
        await victim.WaitForExitAsync();

        await CollectAllAsync(single.Url, count);
        await survivor.SignalAsync(System.Runtime.InteropServices.PosixSignal.SIGTERM);
        Assert.Equal(0, await survivor.WaitForExitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task A_cluster_node_restarted_mid_run_loses_nothing()
    {
        await using var cluster = await NatsCluster.StartAsync();
        const int count = 5_000;
        await ProduceAsync(cluster.Urls, count, replicas: 3);

        await using var first = SampleProcess.Start("WorkQueue", "work", "--servers", cluster.Urls);
        await using var second = SampleProcess.Start("WorkQueue", "work", "--servers", cluster.Urls);
        await WaitForResultsAsync(cluster.Urls, atLeast: 500);
        await cluster.RestartNodeAsync(1);

        await CollectAllAsync(cluster.Urls, count);
        await first.SignalAsync(System.Runtime.InteropServices.PosixSignal.SIGTERM);
        await second.SignalAsync(System.Runtime.InteropServices.PosixSignal.SIGTERM);
        Assert.Equal(0, await first.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(0, await second.WaitForExitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task An_unparsable_input_is_dead_lettered_and_the_rest_is_processed()
    {
        await using var single = await SingleNodeAsync();
        const int count = 200;
        await ProduceAsync(single.Url, count / 2, replicas: 1);
        await using (var nats = new NatsConnection(new NatsOpts { Url = single.Url }))
        {
            // Between the good inputs: the second produce stores only count/2 .. count-1 (the ids before are duplicates).
            (await new NatsJSContext(nats).PublishAsync("wq.in", "not a number"u8.ToArray())).EnsureSuccess();
        }

        await ProduceAsync(single.Url, count, replicas: 1);

        await using var worker = SampleProcess.Start("WorkQueue", "work", "--servers", single.Url);
        await CollectAllAsync(single.Url, count);
        await using (var nats = new NatsConnection(new NatsOpts { Url = single.Url }))
        {
            var js = new NatsJSContext(nats);
            var letters = await js.CreateOrUpdateConsumerAsync("WQ_DEAD", new NATS.Client.JetStream.Models.ConsumerConfig
            {
                AckPolicy = NATS.Client.JetStream.Models.ConsumerConfigAckPolicy.None,
            });
            var dead = new List<(string Payload, string Error)>();
            await foreach (var letter in letters.FetchAsync<string>(new NatsJSFetchOpts { MaxMsgs = 10, Expires = TimeSpan.FromSeconds(2) }))
            {
                dead.Add((letter.Data!, letter.Headers?["Streamcaps-Error"].ToString() ?? ""));
            }

            var (payload, error) = Assert.Single(dead);
            Assert.Equal("not a number", payload);
            Assert.Contains("not a decimal 64-bit integer", error, StringComparison.Ordinal);
        }

        await worker.SignalAsync(System.Runtime.InteropServices.PosixSignal.SIGTERM);
        Assert.Equal(0, await worker.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.DoesNotContain("restarting the flow", worker.Errors, StringComparison.Ordinal);
    }

    private static async Task<SingleNode> SingleNodeAsync()
    {
        var node = new SingleNode();
        await node.InitializeAsync();
        return node;
    }

    private static async Task ProduceAsync(string urls, int count, int replicas)
    {
        await using var produce = SampleProcess.Start("WorkQueue", "produce", "--count", $"{count}", "--replicas", $"{replicas}", "--servers", urls);
        Assert.True(await produce.WaitForExitAsync(RunTimeout) == 0, $"produce failed:\n{produce.Output}\n{produce.Errors}");
    }

    /// <summary>Waits until the workers have stored at least <paramref name="atLeast"/> results: "mid-run".</summary>
    private static async Task WaitForResultsAsync(string urls, int atLeast)
    {
        await using var nats = new NatsConnection(new NatsOpts { Url = urls });
        var js = new NatsJSContext(nats);
        using var deadline = new CancellationTokenSource(RunTimeout);
        while ((await js.GetStreamAsync("WQ_OUT", cancellationToken: deadline.Token)).Info.State.Messages < atLeast)
        {
            await Task.Delay(50, deadline.Token);
        }
    }

    private static async Task CollectAllAsync(string urls, int count)
    {
        await using var collect = SampleProcess.Start("WorkQueue", "collect", "--count", $"{count}", "--timeout", "110", "--servers", urls);
        var exit = await collect.WaitForExitAsync(RunTimeout);
        Assert.True(exit == 0, $"collect failed:\n{collect.Output}\n{collect.Errors}");
        Assert.Equal($"collected {count} unique, 0 duplicates, 0 wrong", collect.Output.TrimEnd().Split('\n')[^1]);
    }

    /// <summary>A JetStream server of one test's own.</summary>
    private sealed class SingleNode : IAsyncDisposable
    {
        private readonly NatsServer _server = new();

        public string Url => _server.Url;

        public Task InitializeAsync() => _server.InitializeAsync();

        public async ValueTask DisposeAsync()
        {
            await _server.DisposeAsync();
            _server.Dispose();
        }
    }
}
