namespace ChildIndex.Cli.Sessions;

/// <summary>There are no credentials to call with, or they no longer work: signing in again is
/// the remedy (exit code 7). The message says what happened and what to run.</summary>
public sealed class NotAuthenticatedException : Exception
{
    public const string NotSignedIn = "not signed in: run childindex login (or set CHILDINDEX_CLIENT_ID and CHILDINDEX_CLIENT_SECRET)";

    public NotAuthenticatedException()
        : base(NotSignedIn)
    {
    }

    public NotAuthenticatedException(string message)
        : base(message)
    {
    }

    public NotAuthenticatedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
