namespace Streamcaps.Text;

/// <summary>What the text pumps do with bytes that are not valid in their encoding (decoding), or with
/// characters the encoding cannot represent, such as unpaired surrogates (encoding).</summary>
public enum InvalidTextHandling
{
    /// <summary>Fault the flow with <see cref="InvalidTextException"/> (<see cref="InvalidUtf8Exception"/> for
    /// UTF-8), the default: nothing is silently altered.</summary>
    Fail,

    /// <summary>Replace each invalid sequence and go on: decoding gives U+FFFD (the replacement character);
    /// encoding gives the encoding of U+FFFD, or <c>?</c> in an encoding that cannot represent it (ASCII,
    /// Latin-1).</summary>
    Replace,
}
