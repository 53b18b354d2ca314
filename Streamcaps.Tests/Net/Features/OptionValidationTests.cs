using Streamcaps.Net;
using Streamcaps.Net.Memory;

namespace Streamcaps.Tests.Net.Features;

/// <summary>Every option that rejects a value names the option and the value it was given.</summary>
public class OptionValidationTests
{
    public static TheoryData<string, string, Action> BadValues => new()
    {
        { "ReceiveBufferSize", "0", () => _ = new TcpConnectionOptions { ReceiveBufferSize = 0 } },
        { "MaxReceiveBufferSize", "-5", () => _ = new TcpConnectionOptions { MaxReceiveBufferSize = -5 } },
        { "ConnectTimeout", "00:00:00", () => _ = new TcpConnectionOptions { ConnectTimeout = TimeSpan.Zero } },
        { "IdleReadTimeout", "-00:00:02", () => _ = new TcpConnectionOptions { IdleReadTimeout = TimeSpan.FromSeconds(-2) } },
        { "Backlog", "0", () => _ = new TcpServerOptions { Backlog = 0 } },
        { "MaxConnections", "-1", () => _ = new TcpServerOptions { MaxConnections = -1 } },
        { "HandshakeTimeout", "-00:00:00.0020000", () => _ = new TlsConnectionOptions { HandshakeTimeout = TimeSpan.FromMilliseconds(-2) } },
        { "ReceiveBufferSize", "0", () => _ = new TlsConnectionOptions { ReceiveBufferSize = 0 } },
        { "BufferSize", "-1", () => _ = new MemoryConnectionOptions { BufferSize = -1 } },
        { "Time", "00:00:00.5000000", () => _ = new TcpKeepAliveOptions { Time = TimeSpan.FromMilliseconds(500) } },
        { "Interval", "00:00:00", () => _ = new TcpKeepAliveOptions { Interval = TimeSpan.Zero } },
        { "RetryCount", "0", () => _ = new TcpKeepAliveOptions { RetryCount = 0 } },
    };

    [Theory]
    [MemberData(nameof(BadValues))]
    public void Rejected_value_names_the_option_and_the_value(string option, string value, Action set)
    {
        var rejected = Assert.Throws<ArgumentOutOfRangeException>(set);

        Assert.Equal(option, rejected.ParamName);
        Assert.Contains($"{option} must be", rejected.Message, StringComparison.Ordinal);
        Assert.Contains($"it was set to {value}.", rejected.Message, StringComparison.Ordinal);
        Assert.Equal(value, Convert.ToString(rejected.ActualValue, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Boundary_values_are_accepted()
    {
        Assert.Equal(1, new TcpConnectionOptions { ReceiveBufferSize = 1 }.ReceiveBufferSize);
        Assert.Equal(Timeout.InfiniteTimeSpan, new TcpConnectionOptions { IdleReadTimeout = Timeout.InfiniteTimeSpan }.IdleReadTimeout);
        Assert.Equal(Timeout.InfiniteTimeSpan, new TlsConnectionOptions { HandshakeTimeout = Timeout.InfiniteTimeSpan }.HandshakeTimeout);
        Assert.Equal(0, new MemoryConnectionOptions { BufferSize = 0 }.BufferSize);
        Assert.Equal(1, new TcpServerOptions { Backlog = 1 }.Backlog);
        Assert.Equal(TimeSpan.FromSeconds(1), new TcpKeepAliveOptions { Time = TimeSpan.FromSeconds(1) }.Time);
    }
}
