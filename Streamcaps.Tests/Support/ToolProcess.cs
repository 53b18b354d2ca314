using System.Diagnostics;

namespace Streamcaps.Tests.Support;

/// <summary>Runs a real command-line client (<c>nc</c>, <c>openssl</c>, <c>curl</c>) to its end: feeds it stdin,
/// collects stdout as bytes and stderr as text, and kills it when it outlives the timeout.</summary>
internal static class ToolProcess
{
    /// <summary>How long a tool may run by default.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(20);

    /// <summary>What a finished tool left behind.</summary>
    public sealed record Result(int ExitCode, byte[] Output, string Errors);

    /// <summary>Runs <paramref name="program"/> with <paramref name="arguments"/>, writes <paramref name="input"/> to its
    /// stdin and closes it, and waits for it to exit.</summary>
    /// <exception cref="TimeoutException">It ran longer than <paramref name="timeout"/>; it was killed.</exception>
    public static async Task<Result> RunAsync(string program, IEnumerable<string> arguments, ReadOnlyMemory<byte> input = default, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        using var output = new MemoryStream();
        var reading = process.StandardOutput.BaseStream.CopyToAsync(output);
        var errors = process.StandardError.ReadToEndAsync();
        try
        {
            await process.StandardInput.BaseStream.WriteAsync(input);
            process.StandardInput.Close();
            await Task.WhenAll(reading, errors, process.WaitForExitAsync()).WaitAsync(timeout ?? DefaultTimeout);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not finish within {timeout ?? DefaultTimeout}; stderr: {(errors.IsCompleted ? errors.Result : "")}");
        }

        return new Result(process.ExitCode, output.ToArray(), await errors);
    }
}
