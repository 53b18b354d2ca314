namespace Streamcaps.Text;

/// <summary>What the UTF-8 pumps do with bytes that are not UTF-8 (decoding) or with unpaired surrogates
/// (encoding).</summary>
public enum InvalidTextHandling
{
    /// <summary>Fault the flow with <see cref="InvalidUtf8Exception"/> (the default): nothing is silently altered.</summary>
    Fail,

    /// <summary>Replace each invalid sequence with U+FFFD (the replacement character) and go on.</summary>
    Replace,
}
