using ChildIndex.Audit;
using Grpc.Core;
using Grpc.Net.Client;
using V1 = ChildIndex.Contracts.V1;

namespace ChildIndex.Core.Audit;

/// <summary>A witness service (the `witness` command, or any server of witness.proto) at
/// AUDIT_WITNESS=http(s)://host:port.</summary>
public sealed class GrpcAuditWitness(Uri address) : IAuditWitness, IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(5);
    // A witness that was down is tried again within seconds of its return, not gRPC's default of
    // up to two minutes: nothing is signed meanwhile.
    private readonly GrpcChannel _channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions { MaxReconnectBackoff = TimeSpan.FromSeconds(5) });

    public string Description => $"witness at {address}";

    public async Task<V1.WitnessedCheckpoint?> LatestAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await Client().GetLatestCheckpointAsync(new V1.GetLatestCheckpointRequest(), deadline: DateTime.UtcNow + Deadline, cancellationToken: cancellationToken);
        }
        catch (RpcException error) when (error.StatusCode == StatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task<V1.WitnessedCheckpoint> AddAsync(V1.AddCheckpointRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return await Client().AddCheckpointAsync(request, deadline: DateTime.UtcNow + Deadline, cancellationToken: cancellationToken);
        }
        catch (RpcException error) when (error.StatusCode is StatusCode.FailedPrecondition or StatusCode.InvalidArgument)
        {
            throw new WitnessRefusedException(
                error.StatusCode == StatusCode.FailedPrecondition ? WitnessRefusalKind.Conflict : WitnessRefusalKind.Invalid, error.Status.Detail);
        }
    }

    public void Dispose() => _channel.Dispose();

    private V1.CheckpointWitness.CheckpointWitnessClient Client() => new(_channel);
}
