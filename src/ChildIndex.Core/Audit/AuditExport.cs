using System.Runtime.CompilerServices;
using ChildIndex.Core.Access;
using ChildIndex.Core.Storage;
using Google.Protobuf;
using Microsoft.EntityFrameworkCore;
using V1 = ChildIndex.Contracts.V1;

namespace ChildIndex.Core.Audit;

/// <summary>ExportAudit: the trail with its proof material, streamed a chunk at a time, for a SIEM
/// or `childindex audit verify`.</summary>
public sealed class AuditExport(ChildIndexDbContext db, AuditSigningKey key)
{
    private const int ReadChunk = 2_000;

    /// <summary>The public key, then every record up to the newest checkpoint, each checkpoint right
    /// after the record that completes it.</summary>
    public async IAsyncEnumerable<V1.AuditExportItem> ExportAsync(Caller caller, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Permissions.Demand(caller, DirectoryAction.ExportAudit);
        yield return new V1.AuditExportItem { PublicKey = ByteString.CopyFrom(key.Key.ExportSubjectPublicKeyInfo()) };
        var newest = await db.AuditCheckpoints.AsNoTracking().MaxAsync(c => (long?)c.TreeSize, cancellationToken) ?? 0;
        // Checkpoints signed after `newest` was read cover records this export does not hold.
        // They are read a chunk at a time beside the records, as many as a trail may have.
        var checkpoints = new Queue<AuditCheckpointRow>();
        var checkpointsAfter = long.MinValue;
        await foreach (var entry in EntriesAsync(newest, cancellationToken))
        {
            yield return new V1.AuditExportItem { Record = new V1.ExportedRecord { Record = ByteString.CopyFrom(entry.Record), LeafHash = ByteString.CopyFrom(entry.LeafHash) } };
            // "<=", and every checkpoint left at the end: records missing from the table must not
            // take the checkpoints that cover them out of the export, or it would hide the loss.
            while (true)
            {
                if (checkpoints.Count == 0 && checkpointsAfter < Math.Min(newest, entry.Sequence + 1))
                {
                    checkpointsAfter = await NextCheckpointsAsync(checkpoints, checkpointsAfter, newest, cancellationToken);
                }

                if (checkpoints.Count == 0 || checkpoints.Peek().TreeSize > entry.Sequence + 1)
                {
                    break;
                }

                yield return new V1.AuditExportItem { Checkpoint = checkpoints.Dequeue().ToContract() };
            }
        }

        while (true)
        {
            if (checkpoints.Count == 0 && checkpointsAfter < newest)
            {
                checkpointsAfter = await NextCheckpointsAsync(checkpoints, checkpointsAfter, newest, cancellationToken);
            }

            if (checkpoints.Count == 0)
            {
                break;
            }

            yield return new V1.AuditExportItem { Checkpoint = checkpoints.Dequeue().ToContract() };
        }
    }

    /// <summary>The next chunk of checkpoints after tree size <paramref name="after"/>, up to
    /// <paramref name="newest"/>; returns how far the checkpoints have now been read.</summary>
    private async Task<long> NextCheckpointsAsync(Queue<AuditCheckpointRow> into, long after, long newest, CancellationToken cancellationToken)
    {
        var chunk = await db.AuditCheckpoints.AsNoTracking()
            .Where(c => c.TreeSize > after && c.TreeSize <= newest)
            .OrderBy(c => c.TreeSize)
            .Take(ReadChunk)
            .ToListAsync(cancellationToken);
        foreach (var checkpoint in chunk)
        {
            into.Enqueue(checkpoint);
        }

        return chunk.Count < ReadChunk ? newest : chunk[^1].TreeSize;
    }

    private async IAsyncEnumerable<AuditEntry> EntriesAsync(long size, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (long start = 0; start < size; start += ReadChunk)
        {
            var end = Math.Min(size, start + ReadChunk);
            var chunk = await db.AuditEntries.AsNoTracking()
                .Where(e => e.Sequence >= start && e.Sequence < end)
                .OrderBy(e => e.Sequence)
                .ToListAsync(cancellationToken);
            foreach (var entry in chunk)
            {
                yield return entry;
            }
        }
    }
}
