using System.Data.Common;
using ChildIndex.Audit;
using ChildIndex.Core.Storage;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using V1 = ChildIndex.Contracts.V1;

namespace ChildIndex.Core.Audit;

/// <summary>
/// How records enter the trail, whoever commits them: under the head row's lock, numbered after it,
/// hashed into the tree and inserted, all inside the caller's open transaction, so nothing is
/// visible until it commits and a write that fails takes its record with it. Used by the audit
/// writer for its batches and by writes that commit their record with their data. A checkpoint is
/// signed when the <see cref="AuditCheckpointPolicy"/> says it is due, not with every append: an
/// ECDSA signature and a row per small batch cost more than the batch.
/// </summary>
public sealed class AuditAppender(AuditSigningKey key, TimeProvider time, AuditCheckpointPolicy policy, AuditWitnessing witnessing)
{
    private readonly Lock _signedLock = new();

    // The newest checkpoint this process knows of: read from the database once, then moved on as
    // it signs. Another instance's checkpoints are found when this one is about to sign.
    private (long TreeSize, DateTimeOffset Time)? _signed;

    /// <summary>Appends records in the open transaction of an EF Core context (a write's own). It
    /// writes the audit tables only: the write saves its own changes, which commit with the record.
    /// A checkpoint it signs is published to the witness by the audit writer after its next commit.
    /// With <paramref name="personalDetail"/> false, the records' detail is the system's own words
    /// (a retention rule, a count) and stays readable after a purge; otherwise it is sealed with the
    /// search criteria. Returns the leaf hash of each record as stored.</summary>
    public async Task<IReadOnlyList<byte[]>> AppendAsync(ChildIndexDbContext db, IReadOnlyList<V1.AuditRecord> records, bool personalDetail, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(records);
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("audit records are appended inside the caller's transaction");
        witnessing.ThrowIfCompromised();
        using var rows = new AuditRows(db.Database.GetDbConnection(), keepPrepared: false);
        var leafHashes = new List<byte[]>(records.Count);
        var head = await AppendLockedAsync(rows, transaction, await rows.LockHeadAsync(transaction, cancellationToken), records, cancellationToken, personalDetail, leafHashes);
        await rows.UpdateHeadAsync(transaction, head, cancellationToken);
        await SignIfDueAsync(db, rows, transaction, head, forced: false, cancellationToken);
        return leafHashes;
    }

    /// <summary>
    /// Numbers, hashes and inserts records after <paramref name="head"/>, which the caller has locked
    /// in <paramref name="transaction"/>; returns the new head, for the caller to store. Each record's
    /// personal part is sealed in what is stored (<see cref="PersonalDataSeal"/>); the records passed
    /// in get their sequence numbers and keep their clear text.
    /// </summary>
    public async Task<AuditHeadState> AppendLockedAsync(AuditRows rows, DbTransaction transaction, AuditHeadState head, IReadOnlyList<V1.AuditRecord> records, CancellationToken cancellationToken,
        bool personalDetail = true, List<byte[]>? leafHashes = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(head);
        ArgumentNullException.ThrowIfNull(records);
        if (records.Count == 0)
        {
            return head;
        }

        var range = CompactRange.FromStored(head.TreeSize, head.SubtreeHashes);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var inserted = new List<AuditRow>(records.Count);
        var completed = new List<TreeNode>();
        foreach (var record in records)
        {
            // The stored time column is derived from the hashed record, so the record always has one.
            record.Time ??= Timestamp.FromDateTimeOffset(DateTimeOffset.FromUnixTimeMilliseconds(now));
        }

        // Each record's children, once: read for its keys, for whether it falls to a month's key, and by the seal.
        var toSeal = new Dictionary<V1.AuditRecord, IReadOnlyList<string>>(ReferenceEqualityComparer.Instance);
        foreach (var record in records.Where(r => PersonalDataSeal.HasPersonalPart(r, personalDetail)))
        {
            toSeal[record] = PersonalDataSeal.ChildSubjects(record);
        }

        var keys = await rows.KeysAsync(transaction, toSeal.Values.SelectMany(c => c).ToHashSet(StringComparer.Ordinal), now, cancellationToken);
        var months = toSeal.Where(s => !s.Value.Any(keys.ContainsKey)).Select(s => PersonalDataSeal.MonthSubject(s.Key)).ToHashSet(StringComparer.Ordinal);
        foreach (var (subject, key) in await rows.KeysAsync(transaction, months, now, cancellationToken))
        {
            keys[subject] = key;
        }

        foreach (var record in records)
        {
            record.Sequence = range.Size;
            var stored = toSeal.ContainsKey(record) ? PersonalDataSeal.Seal(record, personalDetail, keys) : record;
            var bytes = stored.ToByteArray();
            var leafHash = MerkleTree.LeafHash(bytes);
            range.Append(leafHash, completed, MerkleNodes.StoredFromLevel);
            inserted.Add(AuditRow.Of(stored, bytes, leafHash));
            leafHashes?.Add(leafHash);
        }

        await rows.InsertAsync(transaction, inserted, cancellationToken);
        // The subtrees these records complete, for proofs in O(log n) reads (see AuditTreeNodes).
        await rows.InsertNodesAsync(transaction, completed, cancellationToken);
        return head with { TreeSize = range.Size, SubtreeHashes = [.. range.SubtreeHashes.SelectMany(h => h)] };
    }

    /// <summary>The tree size the newest known checkpoint covers, or null before the first look.</summary>
    public long? SignedTreeSize
    {
        get
        {
            lock (_signedLock)
            {
                return _signed?.TreeSize;
            }
        }
    }

    /// <summary>
    /// Signs a checkpoint of <paramref name="head"/> (locked by the caller) in the open transaction
    /// of <paramref name="db"/> when one is due, or whenever <paramref name="forced"/> and the head is
    /// not yet covered; never when the head does not extend the newest witnessed checkpoint, or the
    /// witness cannot be reached to say. Returns the tree size the newest checkpoint then covers.
    /// </summary>
    public async Task<long> SignIfDueAsync(ChildIndexDbContext db, AuditRows rows, DbTransaction transaction, AuditHeadState head, bool forced, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(head);
        var signed = Signed() ?? Remember(await NewestCheckpointAsync(rows, transaction, cancellationToken));
        var now = time.GetUtcNow();
        var due = head.TreeSize - signed.TreeSize >= policy.Records || now - signed.Time >= policy.Interval;
        if (head.TreeSize <= signed.TreeSize || !(forced || due))
        {
            return signed.TreeSize;
        }

        // Another instance sharing the database may have signed this head already.
        var newest = await NewestCheckpointAsync(rows, transaction, cancellationToken);
        if (newest.TreeSize >= head.TreeSize)
        {
            return Remember(newest).TreeSize;
        }

        var range = CompactRange.FromStored(head.TreeSize, head.SubtreeHashes);
        var root = range.Root();
        try
        {
            if (!await witnessing.MaySignAsync(db, range.Size, root, cancellationToken))
            {
                return signed.TreeSize;
            }
        }
        catch (AuditTrailCompromisedException)
        {
            // Records still commit (the security officers' reads of the trail are recorded too);
            // nothing is signed over a head that does not extend what was witnessed.
            return signed.TreeSize;
        }

        var checkpoint = new Checkpoint(range.Size, root, now);
        await rows.InsertCheckpointAsync(transaction, new AuditCheckpointRow
        {
            TreeSize = checkpoint.TreeSize,
            RootHash = checkpoint.RootHash,
            TimeUnixSeconds = checkpoint.Time.ToUnixTimeSeconds(),
            KeyId = key.KeyId,
            Signature = CheckpointSignatures.Sign(checkpoint, key.Key),
        }, cancellationToken);
        // Remembered before the commit: if it then fails, the next checkpoint is only later than due
        // (the writer forgets on failure and reads the database again).
        return Remember((checkpoint.TreeSize, now)).TreeSize;
    }

    /// <summary>After a failed commit: the next signing reads the newest checkpoint again.</summary>
    public void Forget()
    {
        lock (_signedLock)
        {
            _signed = null;
        }
    }

    private (long TreeSize, DateTimeOffset Time)? Signed()
    {
        lock (_signedLock)
        {
            return _signed;
        }
    }

    private (long TreeSize, DateTimeOffset Time) Remember((long TreeSize, DateTimeOffset Time) signed)
    {
        lock (_signedLock)
        {
            if (_signed is null || _signed.Value.TreeSize < signed.TreeSize)
            {
                _signed = signed;
            }

            return _signed.Value;
        }
    }

    private static async Task<(long TreeSize, DateTimeOffset Time)> NewestCheckpointAsync(AuditRows rows, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        var (treeSize, seconds) = await rows.NewestCheckpointAsync(transaction, cancellationToken);
        return (treeSize, DateTimeOffset.FromUnixTimeSeconds(seconds));
    }

    /// <summary>A record of a call starting now, for the caller to fill in.</summary>
    public V1.AuditRecord NewRecord(string action) => new()
    {
        Time = Timestamp.FromDateTimeOffset(time.GetUtcNow()),
        Action = action,
    };
}
