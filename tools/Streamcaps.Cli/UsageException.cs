namespace Streamcaps.Cli;

/// <summary>Bad input from the command line: reported as one line, exit code <see cref="ExitCode.Usage"/>.</summary>
internal sealed class UsageException : Exception
{
    public UsageException(string message)
        : base(message)
    {
    }

    public UsageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public UsageException()
    {
    }
}
