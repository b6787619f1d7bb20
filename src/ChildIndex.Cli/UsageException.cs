namespace ChildIndex.Cli;

/// <summary>The command line asks for something the CLI cannot do; nothing was sent (exit code 2).</summary>
public sealed class UsageException : Exception
{
    public UsageException()
    {
    }

    public UsageException(string message)
        : base(message)
    {
    }

    public UsageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
