namespace Streamcaps.Pipes;

/// <summary>
/// How a pipe keeps an item between its delivery and its reading. Plain items are kept as they are; lent
/// memory must be copied, because the writer reuses it as soon as its delivery completes (DESIGN rule 5).
/// A struct strategy, so the generic pipe costs nothing for plain items.
/// </summary>
internal interface IItemStore<TItem, TStored>
{
    /// <summary>Keeps the item past its delivery.</summary>
    static abstract TStored Keep(TItem item);

    /// <summary>The item to hand to the reader's sink, valid until <see cref="Release"/>.</summary>
    static abstract TItem Lend(TStored stored);

    /// <summary>Gives back what <see cref="Keep"/> took, once the item was read or dropped.</summary>
    static abstract void Release(TStored stored);
}
