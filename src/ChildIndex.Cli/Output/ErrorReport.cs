using System.Net.Sockets;
using Google.Rpc;
using Grpc.Core;

namespace ChildIndex.Cli.Output;

/// <summary>
/// Failures as a person at a terminal needs them: one line saying what went wrong, then one
/// indented line per field the server refused. Never a stack trace.
/// </summary>
public static class ErrorReport
{
    /// <summary>Writes the error for a failed call and returns the exit code it maps to.</summary>
    public static async Task<int> WriteAsync(TextWriter error, RpcException failure, Uri server, TimeSpan timeout)
    {
        var address = server.OriginalString;
        if (failure.StatusCode == StatusCode.Unavailable && IsConnectionFailure(failure))
        {
            await error.WriteLineAsync($"error: cannot reach the ChildIndex server at {address} (is ./run.sh running?)");
            return ExitCodes.Unavailable;
        }

        if (failure.StatusCode == StatusCode.DeadlineExceeded)
        {
            await error.WriteLineAsync(
                $"error: the ChildIndex server at {address} did not answer within {timeout.TotalSeconds:0.#} s (DeadlineExceeded): try a longer --timeout");
            return ExitCodes.Unavailable;
        }

        await error.WriteLineAsync($"error: {Message(failure)} ({failure.StatusCode})");
        foreach (var violation in Violations(failure.GetRpcStatus()))
        {
            await error.WriteLineAsync($"  {violation}");
        }

        return ExitCodes.For(failure.StatusCode);
    }

    /// <summary>Each field violation of a google.rpc.Status as "field: description".</summary>
    public static IReadOnlyList<string> Violations(Google.Rpc.Status? status) =>
        status?.GetDetail<BadRequest>()?.FieldViolations.Select(v => $"{v.Field}: {v.Description}").ToList() ?? [];

    // A refusal by the servers' authentication (401, 403) arrives as a bare HTTP status, which
    // Grpc.Net.Client words as "Bad gRPC response"; the person needs to know what to do instead.
    private static string Message(RpcException failure)
    {
        var detail = failure.Status.Detail;
        var bare = string.IsNullOrWhiteSpace(detail) || detail.StartsWith("Bad gRPC response", StringComparison.Ordinal);
        return (bare, failure.StatusCode) switch
        {
            (true, StatusCode.Unauthenticated) =>
                "the server did not accept the credentials: run childindex login (or check CHILDINDEX_CLIENT_ID and CHILDINDEX_CLIENT_SECRET)",
            (true, StatusCode.PermissionDenied) => "your role does not allow this",
            (true, var code) when string.IsNullOrWhiteSpace(detail) => $"the server answered {code}",
            _ => detail,
        };
    }

    // Grpc.Net.Client reports a refused or unresolvable connection as UNAVAILABLE with the
    // transport's exception attached; an UNAVAILABLE the server itself sent (its database is
    // down) has none, and its own message says more than "cannot reach".
    private static bool IsConnectionFailure(RpcException failure)
    {
        for (var cause = failure.Status.DebugException; cause is not null; cause = cause.InnerException)
        {
            if (cause is HttpRequestException or SocketException)
            {
                return true;
            }
        }

        return false;
    }
}
