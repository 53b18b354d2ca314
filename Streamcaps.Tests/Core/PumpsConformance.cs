using Streamcaps.Tests.Conformance;
using Streamcaps.Tests.Support;

namespace Streamcaps.Tests.Core;

public sealed class MappedSourceConformance : SourceConformance<string>
{
    protected override IReadOnlyList<string> ExpectedItems { get; } = ["1", "2", "3"];

    protected override ISource<string> CreateSource() => Source.From([1, 2, 3]).Through(Pump.Map<int, string>(x => x.ToString(System.Globalization.CultureInfo.InvariantCulture)));
}

public sealed class FilteredSourceConformance : SourceConformance<int>
{
    protected override IReadOnlyList<int> ExpectedItems { get; } = [2, 4, 6];

    protected override ISource<int> CreateSource() => Source.From([1, 2, 3, 4, 5, 6, 7]).Through(Pump.Filter<int>(x => x % 2 == 0));
}

public sealed class FusedPumpSourceConformance : SourceConformance<int>
{
    protected override IReadOnlyList<int> ExpectedItems { get; } = [20, 40];

    protected override ISource<int> CreateSource() =>
        Source.From([1, 2, 3, 4]).Through(Pump.Filter<int>(x => x % 2 == 0).Then(Pump.Map<int, int>(x => x * 10)));
}

public sealed class ManyOutputsPerInputSourceConformance : SourceConformance<int>
{
    protected override IReadOnlyList<int> ExpectedItems { get; } = [1, 1, 1, 2, 2, 2];

    protected override ISource<int> CreateSource() => Source.From([1, 2]).Through(new RepeatPump(3));
}

public sealed class PumpedSourceWithFailingUpstreamConformance : FailingSourceConformance<int>
{
    protected override IReadOnlyList<int> ExpectedItems { get; } = [1, 1];

    protected override (ISource<int> Source, Exception Problem) CreateFailingSource()
    {
        var problem = new InvalidDataException("upstream failed");
        return (Source.From(Yield(problem)).Through(new RepeatPump(2)), problem);
    }

    private static IEnumerable<int> Yield(Exception problem)
    {
        yield return 1;
        throw problem;
    }
}

public sealed class PumpedSourceWithThrowingPumpConformance : FailingSourceConformance<int>
{
    protected override IReadOnlyList<int> ExpectedItems { get; } = [10, 20];

    protected override (ISource<int> Source, Exception Problem) CreateFailingSource()
    {
        var problem = new InvalidDataException("the pump refused 3");
        return (Source.From([1, 2, 3, 4]).Through(Pump.Map<int, int>(x => x == 3 ? throw problem : x * 10)), problem);
    }
}

public sealed class PumpIntoSinkConformance : StallableSinkConformance<int>
{
    protected override ISink<int> CreateSink() => Pump.Map<int, int>(x => x + 1).Into(Sink.ToList<int>());

    protected override int CreateItem(int index) => index;

    protected override (ISink<int> Sink, Func<Task> Stalled, Action Release) CreateStalledSink()
    {
        var probe = new ProbeSink<int> { Stall = true };
        return (Pump.Map<int, int>(x => x + 1).Into(probe), () => probe.Delivering, probe.Release);
    }
}

/// <summary>Two maps in a row applied to a sink fold into one sink; it keeps every sink rule.</summary>
public sealed class MapIntoMapSinkConformance : StallableSinkConformance<int>
{
    protected override ISink<int> CreateSink() =>
        Pump.Map<int, int>(x => x + 1).Into(Pump.Map<int, int>(x => x * 2).Into(Sink.ToList<int>()));

    protected override int CreateItem(int index) => index;

    protected override (ISink<int> Sink, Func<Task> Stalled, Action Release) CreateStalledSink()
    {
        var probe = new ProbeSink<int> { Stall = true };
        return (Pump.Map<int, int>(x => x + 1).Into(Pump.Map<int, int>(x => x * 2).Into(probe)), () => probe.Delivering, probe.Release);
    }
}

public sealed class FusedPumpIntoSinkConformance : StallableSinkConformance<int>
{
    protected override ISink<int> CreateSink() => new RepeatPump(2).Then(Pump.Filter<int>(_ => true)).Into(Sink.Null<int>());

    protected override int CreateItem(int index) => index;

    protected override (ISink<int> Sink, Func<Task> Stalled, Action Release) CreateStalledSink()
    {
        var probe = new ProbeSink<int> { Stall = true };
        return (new RepeatPump(1).Then(Pump.Map<int, int>(x => x)).Into(probe), () => probe.Delivering, probe.Release);
    }
}

/// <summary>Delivers each input <c>count</c> times: the shape of a pump with several outputs per input.</summary>
internal sealed class RepeatPump(int count) : IPump<int, int>
{
    public async ValueTask RunAsync(int item, ISink<int> output, CancellationToken cancellationToken = default)
    {
        for (var i = 0; i < count; i++)
        {
            await output.RunAsync(item, cancellationToken);
        }
    }

    public ValueTask CompleteAsync(ISink<int> output, CancellationToken cancellationToken = default) => default;
}

public sealed class SplitSourceConformance : SourceConformance<ReadOnlyMemory<byte>>
{
    protected override IReadOnlyList<ReadOnlyMemory<byte>> ExpectedItems { get; } =
        ["ab"u8.ToArray(), "cd"u8.ToArray(), Array.Empty<byte>(), "ef"u8.ToArray()];

    protected override ReadOnlyMemory<byte> Copy(ReadOnlyMemory<byte> item) => item.ToArray();

    protected override IEqualityComparer<ReadOnlyMemory<byte>> Comparer => ByteChunkComparer.Instance;

    protected override ISource<ReadOnlyMemory<byte>> CreateSource() =>
        Source.From<ReadOnlyMemory<byte>>(["ab\nc"u8.ToArray(), "d\n\ne"u8.ToArray(), "f"u8.ToArray()]).Through(Pump.Split((byte)'\n'));
}

public sealed class SplitStringsSourceConformance : SourceConformance<string>
{
    protected override IReadOnlyList<string> ExpectedItems { get; } = ["alpha", "beta", "gamma"];

    protected override ISource<string> CreateSource() => Source.From(["alp", "ha;be", "ta;gam", "ma"]).Through(Pump.SplitStrings(';'));
}

public sealed class ScanSourceConformance : SourceConformance<long>
{
    protected override IReadOnlyList<long> ExpectedItems { get; } = [1, 3, 6];

    protected override ISource<long> CreateSource() => Source.From([1, 2, 3]).Through(Pump.Scan<int, long>(0, (sum, x) => sum + x));
}

public sealed class TakeWhileSourceConformance : SourceConformance<int>
{
    protected override IReadOnlyList<int> ExpectedItems { get; } = [1, 2];

    protected override ISource<int> CreateSource() => Source.From([1, 2, 3, 1]).Through(Pump.TakeWhile<int>(x => x < 3));
}

public sealed class SplitIntoSinkConformance : StallableSinkConformance<ReadOnlyMemory<byte>>
{
    protected override ISink<ReadOnlyMemory<byte>> CreateSink() => Pump.Split((byte)'\n').Into(Sink.CollectBytes());

    protected override ReadOnlyMemory<byte> CreateItem(int index) => new byte[] { (byte)('a' + index), (byte)'\n' };

    protected override (ISink<ReadOnlyMemory<byte>> Sink, Func<Task> Stalled, Action Release) CreateStalledSink()
    {
        var probe = new ProbeSink<ReadOnlyMemory<byte>> { Stall = true, Copy = item => item.ToArray() };
        return (Pump.Split((byte)'\n').Into(probe), () => probe.Delivering, probe.Release);
    }
}

public sealed class FilterIntoSinkConformance : StallableSinkConformance<int>
{
    protected override ISink<int> CreateSink() => Pump.Filter<int>(x => x != 1).Into(Sink.ToList<int>());

    protected override int CreateItem(int index) => index;

    protected override (ISink<int> Sink, Func<Task> Stalled, Action Release) CreateStalledSink()
    {
        var probe = new ProbeSink<int> { Stall = true };
        return (Pump.Filter<int>(_ => true).Into(probe), () => probe.Delivering, probe.Release);
    }
}
