namespace Streamcaps.Pipes;

/// <summary>Keeps items as they are.</summary>
internal readonly struct PlainItems<T> : IItemStore<T, T>
{
    public static T Keep(T item) => item;

    public static T Lend(T stored) => stored;

    public static void Release(T stored)
    {
    }
}
