using ChildIndex.Core.Audit;
using Grpc.Core;
using Grpc.Core.Interceptors;
using V1 = ChildIndex.Contracts.V1;

namespace ChildIndex.Api.Auditing;

/// <summary>
/// Every directory and audit-trail RPC leaves one record, allowed or refused, and a look-up's answer
/// leaves the server only after its record is durably committed: if the trail cannot take it, the
/// caller gets UNAVAILABLE and nothing else. Writes append their record inside their own transaction
/// (<see cref="CallAudit"/>); this records everything else. Outermost interceptor, so it sees the
/// final status of every call.
/// </summary>
public sealed class AuditInterceptor(CallAudit callAudit, AuditAppender appender, AuditWriter writer, AuditWitnessing witnessing, ServerInstance instance) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        if (!AuditDescriber.IsAudited(context.Method))
        {
            return await continuation(request, context);
        }

        var record = Begin(context);
        AuditDescriber.DescribeRequest(record, request);
        TResponse response;
        try
        {
            await FailClosedUnlessTrustedAsync(context);
            response = await continuation(request, context);
        }
        catch (RpcException error)
        {
            await RecordFailureAsync(record, error, context);
            throw;
        }

        AuditDescriber.DescribeResponse(record, response);
        await RecordSuccessAsync(record, context);
        return response;
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        if (!AuditDescriber.IsAudited(context.Method))
        {
            await continuation(request, responseStream, context);
            return;
        }

        // A streamed answer (an export) is recorded before the first item leaves; a call refused
        // before it sends anything (PERMISSION_DENIED) is recorded with its status instead.
        var record = Begin(context);
        AuditDescriber.DescribeRequest(record, request);
        var recorded = new RecordedStreamWriter<TResponse>(responseStream, () => RecordSuccessAsync(record, context));
        try
        {
            await FailClosedUnlessTrustedAsync(context);
            await continuation(request, recorded, context);
        }
        catch (RpcException error) when (!recorded.Recorded)
        {
            await RecordFailureAsync(record, error, context);
            throw;
        }

        await recorded.RecordAsync();
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        if (!AuditDescriber.IsAudited(context.Method))
        {
            await continuation(requestStream, responseStream, context);
            return;
        }

        var record = Begin(context);
        try
        {
            await FailClosedUnlessTrustedAsync(context);
            await continuation(requestStream, responseStream, context);
        }
        catch (RpcException error)
        {
            await RecordFailureAsync(record, error, context);
            throw;
        }

        await RecordSuccessAsync(record, context);
    }

    /// <summary>While the trail in the database does not extend what the witness holds, only the
    /// security officers' reads of the trail are served (so they can see what happened); the
    /// reason is in the log, not in the answer.</summary>
    private async Task FailClosedUnlessTrustedAsync(ServerCallContext context)
    {
        await witnessing.Started.WaitAsync(context.CancellationToken);
        if (witnessing.Compromised is not null && !context.Method.StartsWith($"/{V1.AuditTrail.Descriptor.FullName}/", StringComparison.Ordinal))
        {
            throw new RpcException(new Status(StatusCode.Unavailable, AuditWitnessing.FailingClosed));
        }
    }

    private V1.AuditRecord Begin(ServerCallContext context)
    {
        var record = AuditDescriber.Begin(appender.NewRecord(string.Empty), context.GetHttpContext(), context.Method, instance.Name);
        callAudit.Begin(record);
        return record;
    }

    private async Task RecordSuccessAsync(V1.AuditRecord record, ServerCallContext context)
    {
        if (callAudit.Written)
        {
            return;
        }

        record.Outcome = AuditDescriber.Outcome(StatusCode.OK);
        await AppendOrFailClosedAsync(record, context);
    }

    private async Task RecordFailureAsync(V1.AuditRecord record, RpcException error, ServerCallContext context)
    {
        // A write appends its record in its own transaction; if that transaction then failed to
        // commit, the record went with it, and the failed call is recorded here instead.
        if (callAudit.Written && await LastWriteCommittedAsync(context))
        {
            return;
        }

        record.Outcome = AuditDescriber.Outcome(error.StatusCode);
        record.Detail = error.Status.Detail is { Length: > 200 } detail ? detail[..200] : error.Status.Detail;
        await AppendOrFailClosedAsync(record, context);
    }

    private async Task<bool> LastWriteCommittedAsync(ServerCallContext context)
    {
        try
        {
            return await callAudit.LastAppendCommittedAsync(context.CancellationToken);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            // Unknown: record the failure (if the trail cannot take it either, the call fails closed).
            return false;
        }
    }

    private async Task AppendOrFailClosedAsync(V1.AuditRecord record, ServerCallContext context)
    {
        try
        {
            await writer.AppendAsync(record, context.CancellationToken);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, "the audit trail is unavailable, so nothing can be disclosed: try again shortly"));
        }
    }
}

/// <summary>Which directory instance wrote a record: SERVER_INSTANCE, or host name and process id.</summary>
public sealed record ServerInstance(string Name);

/// <summary>Runs <c>record</c> once, before the first message of a server stream is written.</summary>
internal sealed class RecordedStreamWriter<T>(IServerStreamWriter<T> inner, Func<Task> record) : IServerStreamWriter<T>
{
    public bool Recorded { get; private set; }

    public WriteOptions? WriteOptions
    {
        get => inner.WriteOptions;
        set => inner.WriteOptions = value;
    }

    public async Task RecordAsync()
    {
        if (!Recorded)
        {
            // Once only, even if it fails: the failure (UNAVAILABLE) is then the call's answer.
            Recorded = true;
            await record();
        }
    }

    public async Task WriteAsync(T message)
    {
        await RecordAsync();
        await inner.WriteAsync(message);
    }

    public async Task WriteAsync(T message, CancellationToken cancellationToken)
    {
        await RecordAsync();
        await inner.WriteAsync(message, cancellationToken);
    }
}
