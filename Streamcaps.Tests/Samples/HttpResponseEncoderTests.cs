using System.Text;
using HttpServer;

namespace Streamcaps.Tests.Samples;

/// <summary>The HttpServer sample's response writer keeps the head of a response sent again (the same
/// immutable object) instead of formatting it anew: every response still goes out as exactly its own bytes.</summary>
public class HttpResponseEncoderTests
{
    [Fact]
    public async Task A_response_sent_again_after_others_is_the_same_bytes_and_others_are_their_own()
    {
        var hello = new HttpResponse(200, "text/plain", "Hello"u8.ToArray(), KeepAlive: true);
        var large = new HttpResponse(200, "application/octet-stream", new byte[5000], KeepAlive: true);
        var closing = new HttpResponse(404, "text/plain", "gone"u8.ToArray(), KeepAlive: false);
        var encoder = new HttpResponseEncoder();
        var chunks = new List<string>();
        var output = Sink.ForEach<ReadOnlyMemory<byte>>(chunk => chunks.Add(Encoding.ASCII.GetString(chunk.Span)));

        foreach (var response in new[] { hello, hello, large, hello, closing, hello })
        {
            await encoder.RunAsync(response, output);
        }

        const string Hello = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nHello";
        Assert.Equal(
            [
                Hello,
                Hello,
                "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: 5000\r\n\r\n" + new string('\0', 5000),
                Hello,
                "HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\nContent-Length: 4\r\nConnection: close\r\n\r\ngone",
                Hello,
            ],
            chunks);
    }
}
