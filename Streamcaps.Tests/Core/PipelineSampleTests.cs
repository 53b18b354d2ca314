using System.Diagnostics;

namespace Streamcaps.Tests.Core;

/// <summary>Runs samples/Pipeline as a user would (<c>dotnet Pipeline.dll 20000</c>) and checks what it prints.</summary>
public class PipelineSampleTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Pipeline_counts_every_generated_word_across_chunk_boundaries()
    {
        var lines = await RunAsync("20000");

        Assert.Equal("words: 20000", lines[0]);
        Assert.Equal("distinct: 20", lines[1]);
        Assert.Equal(7, lines.Count);
        var top = lines.Skip(2).Select(line => int.Parse(line[(line.IndexOf(": ", StringComparison.Ordinal) + 2)..], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(top.OrderByDescending(count => count), top);
        Assert.All(top, count => Assert.InRange(count, 1, 20000));
    }

    private static async Task<IReadOnlyList<string>> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(SampleDll("Pipeline"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        try
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(Timeout);
            Assert.True(process.ExitCode == 0, $"Pipeline exited with {process.ExitCode}: {await errors}");
            return (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    /// <summary>The sample's build next to the tests' own: the solution build puts every project in the same
    /// configuration.</summary>
    private static string SampleDll(string name)
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var root = testOutput;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Streamcaps.sln")))
        {
            root = root.Parent;
        }

        Assert.NotNull(root);
        var dll = Path.Combine(root.FullName, "samples", name, "bin", testOutput.Parent!.Name, testOutput.Name, name + ".dll");
        Assert.True(File.Exists(dll), $"The sample {name} is not built: build the solution (dotnet build Streamcaps.sln) first. Looked for {dll}.");
        return dll;
    }
}
