using ChildIndex.Core.Diagnostics;
using ChildIndex.Core.Records;
using ChildIndex.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace ChildIndex.Core.Matching;

/// <summary>
/// Rebuilds every child's search keys with the current rules (folding, parts, phonetic codes),
/// in batches of children read in id order, each batch committed on its own: an interrupted run
/// leaves every child with either the old keys or the new, and can simply be run again.
/// Registrations and updates rebuild their child's keys themselves (<see cref="SearchKeys.Rebuild"/>).
/// </summary>
public sealed class SearchKeyReindexer(ChildIndexDbContext db, ILogger<SearchKeyReindexer> logger)
{
    public const int DefaultBatchSize = 500;

    /// <summary>How often one batch is redone after concurrent updates before the run gives up
    /// (the keys then stay as they were, old or new, and the command can be run again).</summary>
    public const int MaxRetries = 5;

    /// <returns>How many children's keys were rebuilt.</returns>
    public async Task<int> RebuildAllAsync(int batchSize, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var total = 0;
        var lastId = 0L;
        var raced = 0;
        while (true)
        {
            var batch = await db.Children
                .Include(c => c.OtherNames)
                .Include(c => c.SearchKeys)
                .Where(c => c.Id > lastId)
                .OrderBy(c => c.Id)
                .Take(batchSize)
                .AsSplitQuery()
                .ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                return total;
            }

            foreach (var child in batch)
            {
                SearchKeys.Rebuild(child);
                // The keys are made from the details read above: written only if the record is
                // still at the version read, so that an update committed in between (whose own
                // keys are made from its new details) is never overwritten with the old ones.
                db.Entry(child).Property(c => c.Version).IsModified = true;
            }

            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException) when (++raced <= MaxRetries)
            {
                // Nothing of the batch was written: read it again, with the updates, and redo it.
                db.ChangeTracker.Clear();
                logger.SearchKeysBatchRaced(lastId, raced);
                continue;
            }

            raced = 0;
            db.ChangeTracker.Clear();
            total += batch.Count;
            lastId = batch[^1].Id;
            logger.SearchKeysRebuilt(total, lastId);
            progress?.Report(total);
        }
    }
}
