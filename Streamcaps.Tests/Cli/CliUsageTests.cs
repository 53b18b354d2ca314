namespace Streamcaps.Tests.Cli;

/// <summary>Bad input gets one clear line and exit code 2, never a stack trace; --help lists the exit codes.</summary>
public sealed class CliUsageTests
{
    [Theory]
    [InlineData("unknown address", "bogus:1", "stdio")]
    [InlineData("not a port", "tcp:127.0.0.1:99999", "stdio")]
    [InlineData("not a port", "tcp-listen:70000", "stdio")]
    [InlineData("unknown option 'forks'", "tcp-listen:0,forks", "stdio")]
    [InlineData("cannot read certificate", "tls-listen:0,cert=/nonexistent/cert.pem", "stdio")]
    [InlineData("needs fork", "tcp-listen:0,max=3", "stdio")]
    [InlineData("two listening addresses", "tcp-listen:0", "tcp-listen:0")]
    [InlineData("Unrecognized", "--no-such-option", "stdio", "stdio")]
    [InlineData("exclude each other", "--gzip", "--gunzip", "stdio", "stdio")]
    [InlineData("1, 2, 4 or 8", "--length-prefixed", "3", "stdio", "stdio")]
    public async Task Bad_input_is_one_line_and_exit_code_2(string expected, params string[] arguments)
    {
        var result = await CliProcess.RunAsync(arguments);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Errors, StringComparison.Ordinal);
        Assert.Single(result.Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.DoesNotContain("   at ", result.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_lists_every_address_kind_and_exit_code()
    {
        var result = await CliProcess.RunAsync(["--help"]);
        var help = System.Text.Encoding.UTF8.GetString(result.Output);

        Assert.Equal(0, result.ExitCode);
        foreach (var kind in new[] { "tcp:", "tcp-listen:", "tls:", "tls-listen:", "unix:", "unix-listen:", "stdio", "file:", "exec:" })
        {
            Assert.Contains(kind, help, StringComparison.Ordinal);
        }

        foreach (var code in new[] { "0 clean end", "2 bad input", "3 connection refused", "4 connection reset", "5 timeout", "6 TLS", "7 host not found", "8 protocol error" })
        {
            Assert.Contains(code, help, StringComparison.Ordinal);
        }
    }
}
