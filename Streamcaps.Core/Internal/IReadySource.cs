using System.Diagnostics.CodeAnalysis;

namespace Streamcaps.Internal;

/// <summary>
/// A source whose next item may already be in memory (a channel with items written), so a consumer that runs
/// several sources at once (<see cref="Composition.MergeSource{T}"/>) can take it without a call on the source:
/// no sink in between, no lifecycle check, no task. A source with nothing ready is called as usual, and its end
/// or failure is only ever signalled through a call.
/// </summary>
internal interface IReadySource<T>
{
    /// <summary>Takes the next item if one is ready now, as the source's next call would have delivered it;
    /// <see langword="false"/> when none is (which may mean the source is at its end). Called only while no call
    /// on the source is in flight. Never throws.</summary>
    bool TryTakeReady([MaybeNullWhen(false)] out T item);
}
