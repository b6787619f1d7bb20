using ChildIndex.Core.Diagnostics;
using ChildIndex.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace ChildIndex.Core.ReadModel;

/// <summary>
/// Writes child documents from the entity tables in batches of children in id order, each batch its
/// own transaction: after `migrate` on a database that predates the read model (only the missing
/// ones), or to repair one (all of them). Documents are built in .NET (they are serialized protobuf),
/// so no SQL migration can write them. Safe to run while the service runs, and to run again.
/// </summary>
public sealed class ReadModelRebuild(ChildIndexDbContext db, ILogger<ReadModelRebuild> logger)
{
    public const int DefaultBatchSize = 500;

    /// <summary>Writes the documents of children that have none; returns how many.</summary>
    public Task<int> WriteMissingAsync(int batchSize, IProgress<int>? progress, CancellationToken cancellationToken) =>
        RunAsync(onlyMissing: true, batchSize, progress, cancellationToken);

    /// <summary>Rewrites every child's document; returns how many.</summary>
    public Task<int> RewriteAllAsync(int batchSize, IProgress<int>? progress, CancellationToken cancellationToken) =>
        RunAsync(onlyMissing: false, batchSize, progress, cancellationToken);

    private async Task<int> RunAsync(bool onlyMissing, int batchSize, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var total = 0;
        var lastId = 0L;
        while (true)
        {
            var candidates = db.Children.Where(c => c.Id > lastId);
            if (onlyMissing)
            {
                candidates = candidates.Where(c => !db.ChildDocuments.Any(d => d.ChildId == c.Id));
            }

            var ids = await candidates.OrderBy(c => c.Id).Select(c => c.Id).Take(batchSize).ToListAsync(cancellationToken);
            if (ids.Count == 0)
            {
                return total;
            }

            var first = ids[0];
            var last = ids[^1];
            await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
            {
                // The same lock as a write's, taken before reading: a concurrent change of one of
                // these children either commits first and is read here, or waits and rewrites it.
                var existing = await db.ChildDocuments
                    .Where(d => d.ChildId >= first && d.ChildId <= last)
                    .ExecuteUpdateAsync(set => set.SetProperty(d => d.Version, d => d.Version), cancellationToken);
                var documented = existing == 0
                    ? []
                    : (await db.ChildDocuments.Where(d => d.ChildId >= first && d.ChildId <= last).Select(d => d.ChildId).ToListAsync(cancellationToken)).ToHashSet();
                var children = await ChildDocuments.WithGraph(db.Children.AsNoTracking())
                    .Where(c => ids.Contains(c.Id))
                    .ToListAsync(cancellationToken);
                foreach (var child in children.Where(c => !onlyMissing || !documented.Contains(c.Id)))
                {
                    ChildDocuments.StageAs(db, child, isNew: !documented.Contains(child.Id));
                }

                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }

            db.ChangeTracker.Clear();
            total += ids.Count;
            lastId = last;
            logger.ReadModelRebuilt(total, lastId);
            progress?.Report(total);
        }
    }
}
