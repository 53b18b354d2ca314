using System.Text;
using FsCheck;
using FsCheck.Fluent;
using HttpServer;
using Streamcaps.Tests.Framing;

namespace Streamcaps.Tests.Samples;

/// <summary>The HttpServer sample's request parser under random and mutated input, cut into random chunks: it
/// never fails with anything but <see cref="BadHttpRequestException"/>, never goes asynchronous (so never
/// hangs) on a synchronous sink, parses valid requests the same however they are cut, and never accepts a
/// request whose framing two parsers could read differently.</summary>
public class HttpRequestDecoderProperties
{
    private static readonly HttpLimits Limits = new() { MaxHeaderBytes = 512, MaxBodyBytes = 64 };

    /// <summary>Pieces of requests, so random sequences often come close to real ones.</summary>
    private static readonly string[] Pieces =
    [
        "GET", "POST", " ", "/", "/echo", "HTTP/1.1", "HTTP/1.0", "\r\n", "\r\n\r\n", "\n", "\r", "\0", ":", ": ",
        "Host", "Host: a", "Content-Length", "Content-Length: 3", "Content-Length: 4", "Transfer-Encoding: chunked",
        "Connection: close", "abc", "0", "\t", "\u00e9", "\u007f",
    ];

    private static readonly Gen<int> Seeds = Gen.Choose(0, int.MaxValue);

    private static readonly Gen<byte[]> PieceSequences =
        Gen.Choose(0, 30).SelectMany(count => Gen.ArrayOf(Gen.Elements(Pieces), count))
            .Select(pieces => Encoding.Latin1.GetBytes(string.Concat(pieces)));

    private static readonly Gen<byte[]> ValidRequest =
        from method in Gen.Elements("GET", "POST")
        from version in Gen.Elements("HTTP/1.1", "HTTP/1.0")
        from body in Gen.Elements("", "abc", "hello world")
        from extra in Gen.Elements("", "X-A: 1\r\n", "Accept: */*\r\nX-B: two words\r\n")
        select Encoding.ASCII.GetBytes(
            $"{method} /echo {version}\r\nHost: localhost\r\n{extra}{(body.Length > 0 ? $"Content-Length: {body.Length}\r\n" : "")}\r\n{body}");

    private static readonly Gen<(int Kind, int At, string Piece)> Mutation =
        from kind in Gen.Choose(0, 3)
        from at in Gen.Choose(0, 1000)
        from piece in Gen.Elements(Pieces)
        select (kind, at, piece);

    private static readonly Gen<byte[]> MutatedRequest =
        from request in ValidRequest
        from mutations in Gen.Choose(1, 4).SelectMany(count => Gen.ArrayOf(Mutation, count))
        select Mutate(request, mutations);

    [Fact]
    public void Random_pieces_in_random_chunks_give_requests_or_a_bad_request_and_never_anything_else()
    {
        Prop.ForAll(PieceSequences.ToArbitrary(), Seeds.ToArbitrary(), (input, seed) => Outcome(input, seed) is not null)
            .QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Random_bytes_in_random_chunks_give_requests_or_a_bad_request_and_never_anything_else()
    {
        var bytes = Gen.Choose(0, 600).SelectMany(length => Gen.ArrayOf(Gen.Choose(0, 255).Select(static b => (byte)b), length));
        Prop.ForAll(bytes.ToArbitrary(), Seeds.ToArbitrary(), (input, seed) => Outcome(input, seed) is not null)
            .QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Mutated_requests_are_refused_or_parsed_into_requests_whose_framing_is_unambiguous()
    {
        Prop.ForAll(MutatedRequest.ToArbitrary(), Seeds.ToArbitrary(), (input, seed) => Outcome(input, seed) is not null)
            .Check(Config.QuickThrowOnFailure.WithMaxTest(1000));
    }

    [Fact]
    public void Valid_pipelined_requests_parse_the_same_however_they_are_cut()
    {
        var pipelines = Gen.Choose(1, 4).SelectMany(count => Gen.ArrayOf(ValidRequest, count)).Select(static requests => requests.SelectMany(static r => r).ToArray());
        Prop.ForAll(pipelines.ToArbitrary(), Seeds.ToArbitrary(), (input, seed) =>
            {
                var whole = Decode(input, [input]);
                var cut = Decode(input, PumpHarness.Rechunk(input, seed));
                return whole.Problem is null && cut.Problem is null
                    && whole.Requests.Count == cut.Requests.Count
                    && whole.Requests.Zip(cut.Requests).All(static pair => Describe(pair.First) == Describe(pair.Second));
            })
            .QuickCheckThrowOnFailure();
    }

    /// <summary>Decodes <paramref name="input"/> cut by <paramref name="seed"/> and checks every accepted request;
    /// null when the outcome breaks a rule (the property then fails).</summary>
    private static Decoded? Outcome(byte[] input, int seed)
    {
        var decoded = Decode(input, PumpHarness.Rechunk(input, seed));
        return decoded.Problem is null or BadHttpRequestException && decoded.Requests.All(IsUnambiguous) ? decoded : null;
    }

    private static Decoded Decode(byte[] input, IEnumerable<byte[]> chunks)
    {
        var decoder = new HttpRequestDecoder(Limits);
        var requests = new List<HttpRequest>();
        var run = RunAsync(decoder, chunks, Sink.ForEach<HttpRequest>(requests.Add));
        Assert.True(run.IsCompleted, $"The parser went asynchronous on a synchronous sink (it could hang) for: {Show(input)}");
        return new Decoded(requests, run.Exception?.InnerException);
    }

    private static async Task RunAsync(HttpRequestDecoder decoder, IEnumerable<byte[]> chunks, ISink<HttpRequest> output)
    {
        foreach (var chunk in chunks)
        {
            await decoder.RunAsync(chunk, output);
        }

        await decoder.CompleteAsync(output);
    }

    /// <summary>What a smuggling-safe parser may accept: one Host in HTTP/1.1 (at most one in 1.0), no
    /// Transfer-Encoding, Content-Length values that agree with each other and with the body, and no control
    /// byte in any header.</summary>
    private static bool IsUnambiguous(HttpRequest request)
    {
        var hosts = request.Headers.Count(static h => h.Key.Equals("Host", StringComparison.OrdinalIgnoreCase));
        var lengths = request.Headers.Where(static h => h.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)).Select(static h => h.Value).Distinct().ToList();
        return (request.IsHttp11 ? hosts == 1 : hosts <= 1)
            && !request.Headers.Any(static h => h.Key.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
            && lengths.Count <= 1
            && (lengths.Count == 0 ? request.Body.Length == 0 : long.Parse(lengths[0], System.Globalization.CultureInfo.InvariantCulture) == request.Body.Length)
            && request.Headers.All(static h => !(h.Key + h.Value).Any(static c => c < ' ' && c != '\t' || c == '\u007f'));
    }

    private static byte[] Mutate(byte[] request, (int Kind, int At, string Piece)[] mutations)
    {
        var bytes = new List<byte>(request);
        foreach (var (kind, at, piece) in mutations)
        {
            var position = bytes.Count == 0 ? 0 : at % bytes.Count;
            switch (kind)
            {
                case 0:
                    bytes.InsertRange(position, Encoding.Latin1.GetBytes(piece));
                    break;
                case 1 when bytes.Count > 0:
                    bytes.RemoveAt(position);
                    break;
                case 3:
                    // A whole header line after the request line: duplicates and conflicts where they count.
                    var lineEnd = bytes.IndexOf((byte)'\n');
                    bytes.InsertRange(lineEnd + 1, Encoding.Latin1.GetBytes(piece + "\r\n"));
                    break;
                default:
                    if (bytes.Count > 0)
                    {
                        bytes[position] = Encoding.Latin1.GetBytes(piece)[0];
                    }

                    break;
            }
        }

        return [.. bytes];
    }

    private static string Describe(HttpRequest request) =>
        $"{request.Method} {request.Target} {request.IsHttp11} {string.Join('|', request.Headers)} {Convert.ToHexString(request.Body)}";

    private static string Show(byte[] input) => Encoding.Latin1.GetString(input).ReplaceLineEndings("⏎");

    private sealed record Decoded(List<HttpRequest> Requests, Exception? Problem);
}
