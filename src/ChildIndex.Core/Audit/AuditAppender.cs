using ChildIndex.Audit;
using ChildIndex.Core.Storage;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.EntityFrameworkCore;
using V1 = ChildIndex.Contracts.V1;

namespace ChildIndex.Core.Audit;

/// <summary>
/// Appends records to the trail inside the caller's open transaction: locks the head row (the one
/// place every appender, in every instance, must pass), numbers the records after it, hashes them
/// into the tree, and signs a checkpoint of the new root. Nothing is visible until the caller commits,
/// and a write that fails takes its audit record with it.
/// </summary>
public sealed class AuditAppender(AuditSigningKey key, TimeProvider time)
{
    public async Task AppendAsync(ChildIndexDbContext db, IReadOnlyList<V1.AuditRecord> records, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(records);
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("audit records are appended inside the caller's transaction");
        }

        var head = await LockHeadAsync(db, cancellationToken);
        await AppendLockedAsync(db, head, records, cancellationToken);
    }

    /// <summary>
    /// Appends what <paramref name="fetchAfter"/> returns for the last ingested event id and moves
    /// that id on under the head lock, in the same transaction: each event enters the trail once,
    /// whichever instance ingests it. Returns how many were appended.
    /// </summary>
    public async Task<int> AppendIngestedAsync(
        ChildIndexDbContext db,
        Func<long, CancellationToken, Task<(IReadOnlyList<V1.AuditRecord> Records, long LastId)>> fetchAfter,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(fetchAfter);
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("audit records are appended inside the caller's transaction");
        }

        // Fetched before the head is locked, so that every audited call does not wait on the
        // identity database; if another instance moved the position meanwhile, the next round retries.
        var position = await db.AuditHeads.AsNoTracking().Where(h => h.Id == AuditHead.SingletonId).Select(h => h.LastAuthEventId).SingleAsync(cancellationToken);
        var (records, lastId) = await fetchAfter(position, cancellationToken);
        if (records.Count == 0)
        {
            return 0;
        }

        var head = await LockHeadAsync(db, cancellationToken);
        if (head.LastAuthEventId != position)
        {
            return 0;
        }

        head.LastAuthEventId = lastId;
        await AppendLockedAsync(db, head, records, cancellationToken);
        return records.Count;
    }

    private async Task AppendLockedAsync(ChildIndexDbContext db, AuditHead head, IReadOnlyList<V1.AuditRecord> records, CancellationToken cancellationToken)
    {
        var range = CompactRange.FromSubtreeHashes(head.TreeSize, Split(head.SubtreeHashes));
        foreach (var record in records)
        {
            record.Sequence = range.Size;
            var bytes = record.ToByteArray();
            var leafHash = MerkleTree.LeafHash(bytes);
            range.Append(leafHash);
            db.AuditEntries.Add(new AuditEntry
            {
                Sequence = record.Sequence,
                TimeUnixMs = record.Time?.ToDateTimeOffset().ToUnixTimeMilliseconds() ?? time.GetUtcNow().ToUnixTimeMilliseconds(),
                Action = Truncate(record.Action, 100),
                Outcome = Truncate(record.Outcome, 40),
                ActorSubject = NullIfEmpty(Truncate(record.Actor?.Subject, 64)),
                ActorOrganisation = NullIfEmpty(Truncate(record.Actor?.OrganisationCode, 12)),
                Record = bytes,
                LeafHash = leafHash,
            });
            var linked = record.ChildIds.Concat(record.ResultChildIds)
                .Select(id => Identifiers.ChildId.TryParse(id, out var canonical) ? canonical : null)
                .OfType<string>()
                .Distinct();
            foreach (var childId in linked)
            {
                db.AuditChildLinks.Add(new AuditChildLink { ChildId = childId, Sequence = record.Sequence });
            }
        }

        AuditTreeNodes.Stage(db, MerkleNodes.Completed(CompactRange.FromSubtreeHashes(head.TreeSize, Split(head.SubtreeHashes)), [.. records.Select(r => MerkleTree.LeafHash(r.ToByteArray()))]));
        head.TreeSize = range.Size;
        head.SubtreeHashes = [.. range.SubtreeHashes.SelectMany(h => h)];
        var checkpoint = new Checkpoint(range.Size, range.Root(), time.GetUtcNow());
        db.AuditCheckpoints.Add(new AuditCheckpointRow
        {
            TreeSize = checkpoint.TreeSize,
            RootHash = checkpoint.RootHash,
            TimeUnixSeconds = checkpoint.Time.ToUnixTimeSeconds(),
            KeyId = key.KeyId,
            Signature = CheckpointSignatures.Sign(checkpoint, key.Key),
        });
        await db.SaveChangesAsync(cancellationToken);

        // A tracked head would be handed back as it is by the next lock on this context, however
        // far other instances have moved the row since.
        db.Entry(head).State = EntityState.Detached;
    }

    /// <summary>A record of a call starting now, for the caller to fill in.</summary>
    public V1.AuditRecord NewRecord(string action) => new()
    {
        Time = Timestamp.FromDateTimeOffset(time.GetUtcNow()),
        Action = action,
    };

    /// <summary>
    /// The head row, locked until the transaction ends. SQLite has one writer at a time already (the
    /// transaction began IMMEDIATE); PostgreSQL and SQL Server lock the row itself.
    /// </summary>
    private static async Task<AuditHead> LockHeadAsync(ChildIndexDbContext db, CancellationToken cancellationToken)
    {
        var provider = db.Database.ProviderName ?? string.Empty;
        IQueryable<AuditHead> query = provider switch
        {
            _ when provider.Contains("Npgsql", StringComparison.Ordinal) =>
                db.AuditHeads.FromSqlRaw($"SELECT * FROM \"{AuditTables.Head}\" WHERE \"Id\" = {AuditHead.SingletonId} FOR UPDATE"),
            _ when provider.Contains("SqlServer", StringComparison.Ordinal) =>
                db.AuditHeads.FromSqlRaw($"SELECT * FROM [{AuditTables.Head}] WITH (UPDLOCK, HOLDLOCK) WHERE [Id] = {AuditHead.SingletonId}"),
            _ => db.AuditHeads.Where(h => h.Id == AuditHead.SingletonId),
        };
        return await query.SingleAsync(cancellationToken);
    }

    private static List<byte[]> Split(byte[] concatenated) =>
        [.. Enumerable.Range(0, concatenated.Length / MerkleTree.HashSize).Select(i => concatenated.AsSpan(i * MerkleTree.HashSize, MerkleTree.HashSize).ToArray())];

    private static string Truncate(string? value, int length) =>
        value is null ? string.Empty : value.Length <= length ? value : value[..length];

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
