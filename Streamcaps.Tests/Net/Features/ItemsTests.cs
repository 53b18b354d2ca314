using Streamcaps.Net;

namespace Streamcaps.Tests.Net.Features;

/// <summary>User data attached to a connection (Mnet's tags, Kestrel's <c>ConnectionContext.Items</c>).</summary>
public class ItemsTests
{
    [Theory]
    [MemberData(nameof(ConnectionPairs.Kinds), MemberType = typeof(ConnectionPairs))]
    public async Task Items_belong_to_their_connection(string kind)
    {
        var (client, server) = await ConnectionPairs.CreateAsync(kind);
        await using (client)
        await using (server)
        {
            server.Items["user"] = "alice";
            server.Items[typeof(ItemsTests)] = 42;

            Assert.Same(server.Items, server.Items);
            Assert.Equal("alice", server.Items["user"]);
            Assert.Equal(42, server.Items[typeof(ItemsTests)]);
            Assert.Empty(client.Items);
        }
    }

    [Fact]
    public async Task Items_can_be_written_from_many_threads_at_once()
    {
        var (client, server) = await ConnectionPairs.CreateAsync("memory");
        await using (client)
        await using (server)
        {
            await Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(() =>
            {
                for (var i = 0; i < 1000; i++)
                {
                    server.Items[(worker, i)] = i;
                }
            })));

            Assert.Equal(8000, server.Items.Count);
        }
    }
}
