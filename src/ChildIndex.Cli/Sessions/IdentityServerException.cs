namespace ChildIndex.Cli.Sessions;

/// <summary>The identity server could not be reached or gave no usable answer; nothing about the
/// caller's credentials is known (exit 5 when it is out of reach or busy, else 1).</summary>
public sealed class IdentityServerException : Exception
{
    public IdentityServerException()
    {
    }

    public IdentityServerException(string message)
        : base(message)
    {
    }

    public IdentityServerException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public IdentityServerException(string message, int exitCode, Exception? innerException = null)
        : base(message, innerException) => ExitCode = exitCode;

    public int ExitCode { get; } = ExitCodes.Failure;
}
