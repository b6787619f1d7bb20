namespace ChildIndex.Cli.Sessions;

/// <summary>The caller is signed in, but their token cannot allow the command: reported like the
/// servers' PERMISSION_DENIED (exit code 8), without sending a call that could only be refused.</summary>
public sealed class PermissionDeniedException : Exception
{
    public PermissionDeniedException()
    {
    }

    public PermissionDeniedException(string message)
        : base(message)
    {
    }

    public PermissionDeniedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
