using ChildIndex.Common.Errors;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Status = Google.Rpc.Status;

namespace ChildIndex.ServiceDefaults.GrpcErrors;

/// <summary>The one place where domain errors become gRPC statuses.</summary>
public static class DomainErrorMapper
{
    public static StatusCode ToStatusCode(DomainErrorKind kind) => kind switch
    {
        DomainErrorKind.Invalid => StatusCode.InvalidArgument,
        DomainErrorKind.NotFound => StatusCode.NotFound,
        DomainErrorKind.Conflict => StatusCode.FailedPrecondition,
        DomainErrorKind.StaleVersion => StatusCode.Aborted,
        DomainErrorKind.AlreadyExists => StatusCode.AlreadyExists,
        DomainErrorKind.PermissionDenied => StatusCode.PermissionDenied,
        DomainErrorKind.RateLimited => StatusCode.ResourceExhausted,
        DomainErrorKind.Unavailable => StatusCode.Unavailable,
        _ => StatusCode.Internal,
    };

    /// <summary>A google.rpc.Status, with every field violation as google.rpc.BadRequest.</summary>
    public static Status ToStatus(DomainException error)
    {
        var status = new Status { Code = (int)ToStatusCode(error.Kind), Message = error.Message };
        if (error.Violations.Count > 0)
        {
            var badRequest = new BadRequest();
            badRequest.FieldViolations.AddRange(error.Violations.Select(v =>
                new BadRequest.Types.FieldViolation { Field = v.Field, Description = v.Description }));
            status.Details.Add(Any.Pack(badRequest));
        }

        return status;
    }

    public static RpcException ToRpcException(DomainException error) => ToStatus(error).ToRpcException();

    /// <summary>A request whose bytes are not a <paramref name="message"/>: the caller's error,
    /// with the message as the violated field, since no field of it could be read.</summary>
    public static RpcException MalformedMessage(string message, string reason) =>
        ToRpcException(new DomainException(
            DomainErrorKind.Invalid,
            $"the request is not a valid {message} message: {reason}",
            [new FieldViolation(message, reason)]));

    public static RpcException Unavailable() =>
        new(new Grpc.Core.Status(StatusCode.Unavailable, "the directory's database is unavailable: try again shortly"));

    public static RpcException Internal(string traceId) =>
        new(new Grpc.Core.Status(StatusCode.Internal, $"internal error; quote trace id {traceId} to the service desk"));
}
