using System.Globalization;
using Streamcaps.Tests.Support;

namespace Streamcaps.Tests.Samples;

/// <summary>Runs samples/Pipeline as a user would (<c>dotnet Pipeline.dll 20000</c>) and checks what it prints.</summary>
public class PipelineSampleTests
{
    [Fact]
    public async Task Pipeline_counts_every_generated_word_across_chunk_boundaries()
    {
        await using var pipeline = SampleProcess.Start("Pipeline", "20000");

        Assert.Equal(0, await pipeline.WaitForExitAsync(TimeSpan.FromSeconds(60)));

        var lines = pipeline.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal("words: 20000", lines[0]);
        Assert.Equal("distinct: 20", lines[1]);
        Assert.Equal(7, lines.Length);
        var top = lines.Skip(2).Select(line => int.Parse(line[(line.IndexOf(": ", StringComparison.Ordinal) + 2)..], CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(top.OrderByDescending(count => count), top);
        Assert.All(top, count => Assert.InRange(count, 1, 20000));
    }
}
