namespace Streamcaps.Tests.Core;

public class FlowTests
{
    [Fact]
    public async Task Null_source_is_rejected()
    {
        await Assert.ThrowsAsync<ArgumentNullException>(() => Flow.RunAsync<int>(null!, null!));
    }
}
