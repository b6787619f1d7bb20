using Google.Rpc;
using Grpc.Core;

namespace ChildIndex.Portal.Services;

/// <summary>What a person is told when the directory or the identity server says no.</summary>
public static class RpcErrors
{
    public static IReadOnlyList<(string Field, string Description)> FieldViolations(RpcException exception) =>
        exception.StatusCode == StatusCode.InvalidArgument && exception.GetRpcStatus()?.GetDetail<BadRequest>() is { } badRequest
            ? [.. badRequest.FieldViolations.Select(v => (v.Field, v.Description))]
            : [];

    public static string Title(StatusCode code) => code switch
    {
        StatusCode.PermissionDenied => "You do not have permission to do this",
        StatusCode.NotFound => "Record not found",
        StatusCode.FailedPrecondition => "This cannot be done at the moment",
        StatusCode.Aborted => "Someone else changed this record",
        StatusCode.AlreadyExists => "This already exists",
        StatusCode.ResourceExhausted => "You have made too many searches",
        StatusCode.Unauthenticated => "Your session has ended",
        StatusCode.InvalidArgument => "There is a problem with what was sent",
        _ => "Sorry, there is a problem with the service",
    };

    /// <summary>The server's own message (it never carries exception text or personal data),
    /// or a plain one.</summary>
    public static string Describe(RpcException exception) => exception.StatusCode switch
    {
        StatusCode.Unavailable or StatusCode.Internal or StatusCode.Unknown or StatusCode.DeadlineExceeded =>
            "The service did not answer. Try again later.",
        StatusCode.ResourceExhausted => "Wait a minute, then try again.",
        _ => string.IsNullOrWhiteSpace(exception.Status.Detail) ? Title(exception.StatusCode) : exception.Status.Detail,
    };

    public static int HttpStatus(StatusCode code) => code switch
    {
        StatusCode.PermissionDenied => StatusCodes.Status403Forbidden,
        StatusCode.NotFound => StatusCodes.Status404NotFound,
        StatusCode.FailedPrecondition or StatusCode.Aborted or StatusCode.AlreadyExists => StatusCodes.Status409Conflict,
        StatusCode.ResourceExhausted => StatusCodes.Status429TooManyRequests,
        StatusCode.InvalidArgument => StatusCodes.Status400BadRequest,
        StatusCode.Unauthenticated => StatusCodes.Status401Unauthorized,
        _ => StatusCodes.Status503ServiceUnavailable,
    };
}
