using ChildIndex.Audit;
using Grpc.Core;
using V1 = ChildIndex.Contracts.V1;

namespace ChildIndex.Api.Witness;

/// <summary>The witness's gRPC face: <see cref="WitnessLog"/> does the checking and the storing.</summary>
public sealed class CheckpointWitnessService(WitnessLog log) : V1.CheckpointWitness.CheckpointWitnessBase
{
    public override async Task<V1.WitnessedCheckpoint> AddCheckpoint(V1.AddCheckpointRequest request, ServerCallContext context)
    {
        try
        {
            return await Task.Run(() => log.Add(request), context.CancellationToken);
        }
        catch (WitnessRefusedException refused)
        {
            throw new RpcException(new Status(
                refused.Kind == WitnessRefusalKind.Conflict ? StatusCode.FailedPrecondition : StatusCode.InvalidArgument, refused.Message));
        }
    }

    public override async Task<V1.WitnessedCheckpoint> GetLatestCheckpoint(V1.GetLatestCheckpointRequest request, ServerCallContext context) =>
        await Task.Run(log.Latest, context.CancellationToken)
            ?? throw new RpcException(new Status(StatusCode.NotFound, "the witness holds no checkpoint yet"));
}
