using System.Linq.Expressions;
using ChildIndex.Audit;
using ChildIndex.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace ChildIndex.Core.Audit;

/// <summary>
/// The stored interior nodes of the trail's Merkle tree (<see cref="MerkleNodes"/>): written by the
/// audit writer with the records that complete them, read by proofs, filled in for older trails by
/// <see cref="BackfillAsync"/>, checked by verification.
/// </summary>
public static class AuditTreeNodes
{
    /// <summary>
    /// Adds the nodes a batch completes to the writer's unit of work, to be saved in its transaction
    /// with the batch's records: <c>AuditTreeNodes.Stage(db, MerkleNodes.Completed(rangeBeforeBatch, batchLeafHashes))</c>.
    /// </summary>
    public static void Stage(ChildIndexDbContext db, IEnumerable<TreeNode> nodes)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(nodes);
        foreach (var node in nodes)
        {
            if (node.Level < MerkleNodes.StoredFromLevel)
            {
                throw new ArgumentException($"subtrees below level {MerkleNodes.StoredFromLevel} are not stored (level {node.Level} given)", nameof(nodes));
            }

            db.AuditTreeNodes.Add(new AuditTreeNode { Level = node.Level, Index = node.Index, Hash = node.Hash });
        }
    }

    /// <summary>The hashes of a proof's ranges (see <see cref="MerkleNodes.InclusionPlan"/>): stored
    /// nodes in one statement, and below the stored level the leaf hashes of at most a few blocks of
    /// 16. A node missing (a trail not yet backfilled) is computed from its leaves instead.</summary>
    public static async Task<IReadOnlyList<byte[]>> ProofAsync(ChildIndexDbContext db, IReadOnlyList<LeafRange> plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(plan);
        var needed = plan.SelectMany(MerkleNodes.PerfectSubtrees).Distinct().ToList();
        var hashes = new Dictionary<NodeId, byte[]>();
        var stored = needed.Where(n => n.Level >= MerkleNodes.StoredFromLevel).ToList();
        if (stored.Count > 0)
        {
            foreach (var row in await db.AuditTreeNodes.AsNoTracking().Where(AnyOf(stored)).ToListAsync(cancellationToken))
            {
                hashes[new NodeId(row.Level, row.Index)] = row.Hash;
            }
        }

        // Each block of leaves below the stored level is read once, whatever it serves.
        var blocks = new Dictionary<long, List<byte[]>>();
        foreach (var node in needed.Where(n => !hashes.ContainsKey(n)))
        {
            if (node.Level >= MerkleNodes.StoredFromLevel)
            {
                hashes[node] = MerkleTree.Root(await LeafHashesAsync(db, node.FirstLeaf, node.EndLeaf, cancellationToken));
                continue;
            }

            var block = node.FirstLeaf >> MerkleNodes.StoredFromLevel;
            if (!blocks.TryGetValue(block, out var leaves))
            {
                var start = block << MerkleNodes.StoredFromLevel;
                leaves = await LeafHashesAsync(db, start, start + (1L << MerkleNodes.StoredFromLevel), cancellationToken);
                blocks[block] = leaves;
            }

            var offset = (int)(node.FirstLeaf - (block << MerkleNodes.StoredFromLevel));
            var count = 1 << node.Level;
            if (offset + count > leaves.Count)
            {
                throw new InvalidOperationException($"the trail lacks records {node.FirstLeaf} to {node.EndLeaf - 1} that a checkpoint covers: verify it");
            }

            hashes[node] = MerkleTree.Root(leaves.GetRange(offset, count));
        }

        return MerkleNodes.Resolve(plan, id => hashes[id]);
    }

    /// <summary>
    /// Stores the nodes of every complete subtree the trail lacks (a trail written before nodes were
    /// stored), from the stored leaf hashes, under the head lock so that no append runs meanwhile.
    /// Safe to repeat; returns how many it stored.
    /// </summary>
    public static async Task<long> BackfillAsync(ChildIndexDbContext db, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        const int PageSize = 8_192;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        // A write to the head row takes the lock every append takes, on every provider (SQLite's
        // write lock, a row lock on PostgreSQL and SQL Server), until this transaction ends.
        await db.AuditHeads.Where(h => h.Id == AuditHead.SingletonId).ExecuteUpdateAsync(s => s.SetProperty(h => h.TreeSize, h => h.TreeSize), cancellationToken);
        var size = await db.AuditHeads.AsNoTracking().Where(h => h.Id == AuditHead.SingletonId).Select(h => h.TreeSize).SingleAsync(cancellationToken);
        var existing = new StoredNodeCursors(db, size, PageSize);
        var range = new CompactRange();
        var completed = new List<TreeNode>();
        long added = 0;
        long after = -1;
        while (range.Size < size)
        {
            var page = await db.AuditEntries.AsNoTracking()
                .Where(e => e.Sequence > after && e.Sequence < size)
                .OrderBy(e => e.Sequence)
                .Take(PageSize)
                .Select(e => new { e.Sequence, e.LeafHash })
                .ToListAsync(cancellationToken);
            if (page.Count == 0)
            {
                break;
            }

            foreach (var entry in page)
            {
                if (entry.Sequence != range.Size)
                {
                    throw new InvalidOperationException($"the trail has no record {range.Size} (the next is {entry.Sequence}): verify it (VerifyAuditTrail) before storing nodes derived from it");
                }

                completed.Clear();
                range.Append(entry.LeafHash, completed, MerkleNodes.StoredFromLevel);
                foreach (var node in completed)
                {
                    if ((await existing.NextAsync(node.Id)).Hash is null)
                    {
                        db.AuditTreeNodes.Add(new AuditTreeNode { Level = node.Level, Index = node.Index, Hash = node.Hash });
                        added++;
                    }
                }
            }

            after = page[^1].Sequence;
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
            progress?.Report(range.Size);
        }

        if (range.Size < size)
        {
            throw new InvalidOperationException($"the trail ends at record {range.Size - 1} but its head says {size} records: verify it (VerifyAuditTrail)");
        }

        await transaction.CommitAsync(cancellationToken);
        return added;
    }

    private static async Task<List<byte[]>> LeafHashesAsync(ChildIndexDbContext db, long start, long end, CancellationToken cancellationToken) =>
        await db.AuditEntries.AsNoTracking()
            .Where(e => e.Sequence >= start && e.Sequence < end)
            .OrderBy(e => e.Sequence)
            .Select(e => e.LeafHash)
            .ToListAsync(cancellationToken);

    /// <summary>(Level = a AND Index IN (...)) OR ...: one statement for a proof's O(log n) nodes.</summary>
    private static Expression<Func<AuditTreeNode, bool>> AnyOf(IEnumerable<NodeId> nodes)
    {
        var node = Expression.Parameter(typeof(AuditTreeNode), "n");
        Expression? any = null;
        foreach (var level in nodes.GroupBy(n => n.Level))
        {
            var indexes = level.Select(n => n.Index).ToList();
            var atLevel = Expression.AndAlso(
                Expression.Equal(Expression.Property(node, nameof(AuditTreeNode.Level)), Expression.Constant(level.Key)),
                Expression.Call(typeof(Enumerable), nameof(Enumerable.Contains), [typeof(long)], Expression.Constant(indexes), Expression.Property(node, nameof(AuditTreeNode.Index))));
            any = any is null ? atLevel : Expression.OrElse(any, atLevel);
        }

        return Expression.Lambda<Func<AuditTreeNode, bool>>(any ?? Expression.Constant(false), node);
    }
}

/// <summary>
/// The stored nodes of a trail of <c>size</c> records, walked level by level in index order, a page
/// at a time: the nodes the tree completes arrive in that order on each level, so each is matched
/// (or found missing) with one pass over the table and a page per level in memory.
/// </summary>
internal sealed class StoredNodeCursors(ChildIndexDbContext db, long size, int pageSize)
{
    private readonly Dictionary<int, Cursor> _levels = [];

    public long PagesRead { get; private set; }

    /// <summary>Rows of a level before <paramref name="node"/>'s index that were never matched:
    /// nodes no complete subtree of the trail has (negative indexes); then the stored hash of
    /// <paramref name="node"/> itself, or null.</summary>
    public async Task<(IReadOnlyList<long> Unmatched, byte[]? Hash)> NextAsync(NodeId node)
    {
        if (!_levels.TryGetValue(node.Level, out var cursor))
        {
            cursor = new Cursor(node.Level);
            _levels[node.Level] = cursor;
        }

        List<long>? unmatched = null;
        while (true)
        {
            if (cursor.Buffer.Count == 0 && !cursor.Exhausted)
            {
                await FillAsync(cursor);
            }

            if (cursor.Buffer.Count == 0 || cursor.Buffer.Peek().Index > node.Index)
            {
                return (unmatched ?? [], null);
            }

            var row = cursor.Buffer.Dequeue();
            if (row.Index == node.Index)
            {
                return (unmatched ?? [], row.Hash);
            }

            (unmatched ??= []).Add(row.Index);
        }
    }

    private async Task FillAsync(Cursor cursor)
    {
        var level = cursor.Level;
        var after = cursor.After;
        var end = size >> level;
        var page = await db.AuditTreeNodes.AsNoTracking()
            .Where(n => n.Level == level && n.Index > after && n.Index < end)
            .OrderBy(n => n.Index)
            .Take(pageSize)
            .Select(n => new { n.Index, n.Hash })
            .ToListAsync();
        PagesRead++;
        foreach (var row in page)
        {
            cursor.Buffer.Enqueue((row.Index, row.Hash));
        }

        cursor.Exhausted = page.Count < pageSize;
        if (page.Count > 0)
        {
            cursor.After = page[^1].Index;
        }
    }

    private sealed class Cursor(int level)
    {
        public int Level { get; } = level;
        public long After { get; set; } = long.MinValue;
        public bool Exhausted { get; set; }
        public Queue<(long Index, byte[] Hash)> Buffer { get; } = new();
    }
}
