using Grpc.Core;

namespace ChildIndex.Cli;

/// <summary>
/// The process exit codes. Scripts and agency feeds branch on them, so they are part of the
/// CLI's contract: add new ones, never renumber.
/// </summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int Failure = 1;
    public const int Usage = 2;
    public const int NotFound = 3;
    public const int InvalidArgument = 4;
    public const int Unavailable = 5;
    public const int PartiallyRefused = 6;

    /// <summary>No credentials, a session that has ended, or credentials the server refused
    /// (UNAUTHENTICATED): signing in again (or fixing the agency client's secret) is the remedy.</summary>
    public const int NotAuthenticated = 7;

    /// <summary>Signed in, but the role does not allow the call (PERMISSION_DENIED).</summary>
    public const int PermissionDenied = 8;

    /// <summary>`audit verify`: the audit trail has been tampered with. The export (or the server's
    /// stored trail) does not agree with its checkpoints signed by the key given; each problem is
    /// printed, naming the records concerned.</summary>
    public const int TrailTampered = 9;

    public static int For(StatusCode code) => code switch
    {
        StatusCode.NotFound => NotFound,
        StatusCode.InvalidArgument => InvalidArgument,
        StatusCode.Unavailable or StatusCode.DeadlineExceeded => Unavailable,
        StatusCode.Unauthenticated => NotAuthenticated,
        StatusCode.PermissionDenied => PermissionDenied,
        _ => Failure,
    };
}
