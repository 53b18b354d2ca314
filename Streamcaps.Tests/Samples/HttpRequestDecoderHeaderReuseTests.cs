using System.Text;
using HttpServer;

namespace Streamcaps.Tests.Samples;

/// <summary>The HttpServer sample's request parser reuses the previous request's parsed headers when a
/// keep-alive client sends the same header lines again: each request still gets exactly its own headers,
/// and every check that depends on the request line still runs.</summary>
public class HttpRequestDecoderHeaderReuseTests
{
    [Fact]
    public async Task Requests_get_their_own_headers_and_identical_header_lines_share_one_parse()
    {
        var requests = await DecodeAsync(
            "GET / HTTP/1.1\r\nHost: a\r\nX-One: 1\r\n\r\n" +
            "GET /x HTTP/1.1\r\nHost: a\r\nX-One: 1\r\n\r\n" +
            "GET / HTTP/1.1\r\nHost: b\r\n\r\n" +
            "POST /echo HTTP/1.1\r\nHost: a\r\nX-One: 1\r\nContent-Length: 3\r\n\r\nabc" +
            "GET / HTTP/1.1\r\nHost: b\r\n\r\n");

        Assert.Equal(5, requests.Count);
        Assert.Equal([new("Host", "a"), new("X-One", "1")], requests[0].Headers);
        Assert.Same(requests[0].Headers, requests[1].Headers);
        Assert.Equal("/x", requests[1].Target);
        Assert.Equal([new("Host", "b")], requests[2].Headers);
        Assert.Equal([new("Host", "a"), new("X-One", "1"), new("Content-Length", "3")], requests[3].Headers);
        Assert.Equal("abc"u8.ToArray(), requests[3].Body);
        Assert.Equal([new("Host", "b")], requests[4].Headers);
    }

    [Fact]
    public async Task Header_lines_accepted_for_http_1_0_are_still_refused_for_http_1_1_without_a_host()
    {
        var problem = await Assert.ThrowsAsync<BadHttpRequestException>(() => DecodeAsync(
            "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n" +
            "GET / HTTP/1.1\r\nConnection: keep-alive\r\n\r\n"));

        Assert.Equal(400, problem.StatusCode);
    }

    private static async Task<List<HttpRequest>> DecodeAsync(string input)
    {
        var decoder = new HttpRequestDecoder(new HttpLimits());
        var requests = new List<HttpRequest>();
        var output = Sink.ForEach<HttpRequest>(requests.Add);
        await decoder.RunAsync(Encoding.ASCII.GetBytes(input), output);
        await decoder.CompleteAsync(output);
        return requests;
    }
}
