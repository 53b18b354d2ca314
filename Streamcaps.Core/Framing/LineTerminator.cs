namespace Streamcaps.Framing;

/// <summary>The bytes a <see cref="LineEncoder"/> ends each line with.</summary>
public enum LineTerminator
{
    /// <summary><c>\n</c>, as on Unix and in most line protocols.</summary>
    LineFeed,

    /// <summary><c>\r\n</c>, as in HTTP, SMTP and other internet protocols.</summary>
    CarriageReturnLineFeed,
}
