using System.Data.Common;
using System.Diagnostics;
using ChildIndex.Common.Errors;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace ChildIndex.ServiceDefaults.GrpcErrors;

/// <summary>
/// Turns whatever a call throws into a status the caller can act on, and never lets an exception's
/// text reach the caller: domain errors keep their message and field violations, a database that
/// does not answer becomes UNAVAILABLE, anything else INTERNAL with a trace id.
/// </summary>
public sealed partial class ErrorInterceptor(ILogger<ErrorInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (Exception error) when (error is not RpcException)
        {
            throw Translate(error, context);
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream,
        IServerStreamWriter<TResponse> responseStream,
        ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(requestStream, responseStream, context);
        }
        catch (Exception error) when (error is not RpcException)
        {
            throw Translate(error, context);
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request,
        IServerStreamWriter<TResponse> responseStream,
        ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (Exception error) when (error is not RpcException)
        {
            throw Translate(error, context);
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream,
        ServerCallContext context,
        ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(requestStream, context);
        }
        catch (Exception error) when (error is not RpcException)
        {
            throw Translate(error, context);
        }
    }

    private RpcException Translate(Exception error, ServerCallContext context)
    {
        switch (error)
        {
            case DomainException domain:
                return DomainErrorMapper.ToRpcException(domain);
            case OperationCanceledException when context.CancellationToken.IsCancellationRequested:
                return new RpcException(new Status(StatusCode.Cancelled, "the call was cancelled"));
            case DbException or DbUpdateException or TimeoutException or InvalidOperationException { InnerException: DbException }:
                LogDatabaseFailure(logger, context.Method, error);
                return DomainErrorMapper.Unavailable();
            default:
                var traceId = Activity.Current?.TraceId.ToString() ?? context.GetHttpContext().TraceIdentifier;
                LogUnexpectedFailure(logger, context.Method, traceId, error);
                return DomainErrorMapper.Internal(traceId);
        }
    }

    [LoggerMessage(2001, LogLevel.Error, "Database failure in {Method}")]
    private static partial void LogDatabaseFailure(ILogger logger, string method, Exception error);

    [LoggerMessage(2002, LogLevel.Error, "Unexpected failure in {Method} (trace {TraceId})")]
    private static partial void LogUnexpectedFailure(ILogger logger, string method, string traceId, Exception error);
}
