using System.Threading.Channels;
using ChildIndex.Contracts.V1;
using ChildIndex.Core.Access;
using ChildIndex.Core.Registration;
using ChildIndex.ServiceDefaults.GrpcErrors;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;

namespace ChildIndex.Api.GrpcServices;

/// <summary>The agency systems' writes, delegated to the registrars.</summary>
[Authorize]
public sealed class RegistrationService(ChildRegistrar children, InvolvementRegistrar involvements) : Registration.RegistrationBase
{
    /// <summary>The most items committed together from one bulk stream. A batch costs the same
    /// few statements whatever its size (ADR 4), but it holds SQLite's one write lock throughout,
    /// and every look-up's audit record waits for it. Measured at 100,000 children with reads at
    /// 500 GetChild/s + 50 searches/s beside two bulk streams: 256 gave the reads a p50 of 464 ms,
    /// 64 gave 190 ms. The price is paid by bulk loads: the bench's initial load of 100,000 ran at
    /// 816 children/s against 1,041 (docs/benchmarks.md). Practitioners' look-ups come first.</summary>
    public const int MaxBatch = 64;

    private static readonly WriteOptions BufferResult = new(WriteFlags.BufferHint);

    public override Task<RegisterChildResponse> RegisterChild(RegisterChildRequest request, ServerCallContext context) =>
        children.RegisterAsync(request, context.Caller(), context.CancellationToken);

    public override Task<UpdateChildDetailsResponse> UpdateChildDetails(UpdateChildDetailsRequest request, ServerCallContext context) =>
        children.UpdateDetailsAsync(request, context.Caller(), context.CancellationToken);

    public override Task<RecordInvolvementResponse> RecordInvolvement(RecordInvolvementRequest request, ServerCallContext context) =>
        involvements.RecordAsync(request, context.Caller(), context.CancellationToken);

    public override Task<EndInvolvementResponse> EndInvolvement(EndInvolvementRequest request, ServerCallContext context) =>
        involvements.EndAsync(request, context.Caller(), context.CancellationToken);

    /// <summary>
    /// Reads the stream ahead into a bounded buffer and commits whatever has arrived (up to
    /// <see cref="MaxBatch"/> items) in one transaction: a fast client gets large batches and
    /// few durable commits, a slow one gets an answer per item without waiting for more.
    /// </summary>
    public override async Task RegisterChildren(
        IAsyncStreamReader<RegisterChildRequest> requestStream,
        IServerStreamWriter<RegisterChildrenResult> responseStream,
        ServerCallContext context)
    {
        var cancellation = context.CancellationToken;
        var caller = context.Caller();
        Permissions.Demand(caller, DirectoryAction.RegisterChildren);
        var buffer = Channel.CreateBounded<RegisterChildRequest>(new BoundedChannelOptions(MaxBatch * 2) { SingleReader = true, SingleWriter = true });
        var reading = Task.Run(
            async () =>
            {
                try
                {
                    await foreach (var request in requestStream.ReadAllAsync(cancellation))
                    {
                        await buffer.Writer.WriteAsync(request, cancellation);
                    }

                    buffer.Writer.Complete();
                }
                catch (Exception error)
                {
                    buffer.Writer.Complete(error);
                }
            },
            cancellation);

        long sequence = 0;
        var batch = new List<RegisterChildRequest>(MaxBatch);
        while (await buffer.Reader.WaitToReadAsync(cancellation))
        {
            batch.Clear();
            while (batch.Count < MaxBatch && buffer.Reader.TryRead(out var request))
            {
                batch.Add(request);
            }

            var results = await children.RegisterManyAsync(batch, caller, cancellation);
            for (var i = 0; i < batch.Count; i++)
            {
                // One flush per batch rather than one per result.
                responseStream.WriteOptions = i == batch.Count - 1 ? null : BufferResult;
                var result = new RegisterChildrenResult { Sequence = sequence++, RequestId = batch[i].RequestId };
                if (results[i].Response is { } registered)
                {
                    result.Registered = registered;
                }
                else
                {
                    result.Error = DomainErrorMapper.ToStatus(results[i].Error!);
                }

                await responseStream.WriteAsync(result, cancellation);
            }
        }

        await reading;
    }
}
