using System.Globalization;
using ChildIndex.Audit;
using ChildIndex.Common.Errors;
using ChildIndex.Core.Access;
using ChildIndex.Core.Storage;
using Google.Protobuf;
using Microsoft.EntityFrameworkCore;
using V1 = ChildIndex.Contracts.V1;

namespace ChildIndex.Core.Audit;

/// <summary>Signed checkpoints and the proofs that tie records and older trees to them, built from
/// the stored tree nodes: O(log n) rows per proof, whatever the trail's size.</summary>
public sealed class AuditProofs(ChildIndexDbContext db)
{
    public async Task<V1.SignedCheckpoint> GetCheckpointAsync(V1.GetCheckpointRequest request, Caller caller, CancellationToken cancellationToken)
    {
        Permissions.Demand(caller, DirectoryAction.GetCheckpoint);
        NotNegative(request.TreeSize, "tree_size");
        return (await CheckpointAsync(request.TreeSize, atLeast: true, cancellationToken)).ToContract();
    }

    public async Task<V1.InclusionProof> GetInclusionProofAsync(V1.GetInclusionProofRequest request, Caller caller, CancellationToken cancellationToken)
    {
        Permissions.Demand(caller, DirectoryAction.GetInclusionProof);
        NotNegative(request.TreeSize, "tree_size");
        var checkpoint = await CheckpointAsync(request.TreeSize, atLeast: false, cancellationToken);
        if (request.Sequence < 0 || request.Sequence >= checkpoint.TreeSize)
        {
            throw DomainException.Invalid("sequence", $"must be a record of the checkpoint's tree: 0 to {checkpoint.TreeSize - 1}");
        }

        var sequence = request.Sequence;
        var leafHash = await db.AuditEntries.AsNoTracking().Where(e => e.Sequence == sequence).Select(e => e.LeafHash).SingleOrDefaultAsync(cancellationToken)
            ?? throw new InvalidOperationException($"the trail lacks record {sequence} that a checkpoint covers: verify it");
        var path = await AuditTreeNodes.ProofAsync(db, MerkleNodes.InclusionPlan(sequence, checkpoint.TreeSize), cancellationToken);
        var proof = new V1.InclusionProof { Sequence = sequence, TreeSize = checkpoint.TreeSize, LeafHash = ByteString.CopyFrom(leafHash) };
        proof.Path.AddRange(path.Select(ByteString.CopyFrom));
        return proof;
    }

    public async Task<V1.ConsistencyProof> GetConsistencyProofAsync(V1.GetConsistencyProofRequest request, Caller caller, CancellationToken cancellationToken)
    {
        Permissions.Demand(caller, DirectoryAction.GetConsistencyProof);
        NotNegative(request.SecondSize, "second_size");
        var second = await CheckpointAsync(request.SecondSize, atLeast: false, cancellationToken);
        if (request.FirstSize < 1 || request.FirstSize > second.TreeSize)
        {
            throw DomainException.Invalid("first_size", $"must be between 1 and the second tree's size ({second.TreeSize})");
        }

        await CheckpointAsync(request.FirstSize, atLeast: false, cancellationToken);
        var path = await AuditTreeNodes.ProofAsync(db, MerkleNodes.ConsistencyPlan(request.FirstSize, second.TreeSize), cancellationToken);
        var proof = new V1.ConsistencyProof { FirstSize = request.FirstSize, SecondSize = second.TreeSize };
        proof.Path.AddRange(path.Select(ByteString.CopyFrom));
        return proof;
    }

    /// <summary>0 means the newest; a negative size is a mistake, not a request for the newest.</summary>
    private static void NotNegative(long treeSize, string field)
    {
        if (treeSize < 0)
        {
            throw DomainException.Invalid(field, "must be a tree size, or 0 for the newest checkpoint");
        }
    }

    private async Task<AuditCheckpointRow> CheckpointAsync(long treeSize, bool atLeast, CancellationToken cancellationToken)
    {
        var checkpoints = db.AuditCheckpoints.AsNoTracking();
        var checkpoint = treeSize == 0
            ? await checkpoints.OrderByDescending(c => c.TreeSize).FirstOrDefaultAsync(cancellationToken)
            : atLeast
                ? await checkpoints.Where(c => c.TreeSize >= treeSize).OrderBy(c => c.TreeSize).FirstOrDefaultAsync(cancellationToken)
                : await checkpoints.SingleOrDefaultAsync(c => c.TreeSize == treeSize, cancellationToken);
        return checkpoint ?? throw new DomainException(DomainErrorKind.NotFound, treeSize == 0
            ? "the trail has no checkpoint yet"
            : $"no checkpoint at tree size {treeSize.ToString(CultureInfo.InvariantCulture)}");
    }
}
