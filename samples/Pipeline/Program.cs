// A pipeline composed in code: word count over generated text.
// Usage: Pipeline [words]   (default 100000). Prints the number of words, of distinct words, and the top five.
//
// The text arrives in chunks cut at arbitrary places, mid-word included, like reads from a socket; the split
// pump joins the pieces and flushes the last word when the text ends. A bounded buffer decouples the parsing
// from the counting, with backpressure: the parser never gets more than 256 words ahead.
using System.Globalization;
using System.Text;
using Streamcaps;

var wordCount = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;

var (buffer, words) = BufferedPipe.Create<string>(new BufferOptions { Capacity = 256 });
var parsing = Flow.RunAsync(
    Source.From(GenerateText(wordCount, seed: 2026))
        .Select(chunk => chunk.Replace('\n', ' '))
        .Through(Pump.SplitStrings(' '))
        .Where(word => word.Length > 0)
        .Select(word => word.ToLowerInvariant()),
    buffer);

var counts = new Dictionary<string, int>(StringComparer.Ordinal);
var counting = words.ForEachAsync(word => counts[word] = counts.GetValueOrDefault(word) + 1);
await Task.WhenAll(parsing, counting);

Console.WriteLine($"words: {counts.Values.Sum()}");
Console.WriteLine($"distinct: {counts.Count}");
foreach (var (word, count) in counts.OrderByDescending(pair => pair.Value).ThenBy(pair => pair.Key, StringComparer.Ordinal).Take(5))
{
    Console.WriteLine($"{word}: {count}");
}

// Seeded, so every run prints the same counts: words from a small vocabulary, some capitalised, lines of
// up to twelve words, cut into chunks of 1 to 64 characters.
static IEnumerable<string> GenerateText(int words, int seed)
{
    string[] vocabulary =
    [
        "stream", "source", "sink", "pump", "flow", "backpressure", "buffer", "item", "delivery", "task",
        "complete", "abort", "socket", "frame", "line", "byte", "the", "a", "of", "and",
    ];
    var random = new Random(seed);
    var text = new StringBuilder();
    for (var i = 0; i < words; i++)
    {
        var word = vocabulary[random.Next(vocabulary.Length)];
        text.Append(random.Next(8) == 0 ? char.ToUpperInvariant(word[0]) + word[1..] : word);
        text.Append(random.Next(12) == 0 ? '\n' : ' ');
        while (text.Length >= 64)
        {
            var cut = random.Next(1, 65);
            yield return text.ToString(0, cut);
            text.Remove(0, cut);
        }
    }

    if (text.Length > 0)
    {
        yield return text.ToString();
    }
}
