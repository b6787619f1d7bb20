using ChildIndex.Core.Access;
using ChildIndex.Core.Audit;
using ChildIndex.Core.Diagnostics;
using ChildIndex.Core.ReadModel;
using ChildIndex.Core.Records;
using ChildIndex.Core.Storage;
using ChildIndex.Core.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using V1 = ChildIndex.Contracts.V1;

namespace ChildIndex.Core.Retention;

/// <summary>
/// Applies <see cref="RetentionPolicy"/> to the whole index: archives what is due, purges archived
/// records that are due and not held. Candidates come from two range seeks (status and date of
/// birth; status and archive date), a page at a time; each change is its own transaction with its
/// own audit record, so a failure part-way loses nothing done before it and the next run carries on.
/// </summary>
public sealed class RetentionJob(ChildIndexDbContext db, CallAudit audit, TimeProvider time, ILogger<RetentionJob> logger)
{
    private const int Page = 500;

    public Task<V1.RunRetentionResponse> RunAsync(V1.RunRetentionRequest request, Caller caller, CancellationToken cancellationToken)
    {
        Permissions.Demand(caller, DirectoryAction.RunRetention);
        return RunAsync(request.DryRun, cancellationToken);
    }

    /// <summary>The run itself: audited only where the caller began an audit record (a call, or the
    /// daily job's own).</summary>
    public async Task<V1.RunRetentionResponse> RunAsync(bool dryRun, CancellationToken cancellationToken)
    {
        var today = UkCalendar.Today(time);
        var response = new V1.RunRetentionResponse { DryRun = dryRun, Today = RecordMapping.ToContract(today) };

        // Supersets of what is due, narrowed by the policy itself: born 18 or more years ago (an
        // extension to 25 or a later death is the policy's to judge), or deceased.
        var bornBy = today.AddYears(-RetentionPolicy.ArchiveAge);
        await ForEachPageAsync(
            db.Children.Where(c => (c.Status == RecordStatus.Active && c.DateOfBirth <= bornBy) || c.Status == RecordStatus.Deceased),
            async child =>
            {
                var decision = RetentionPolicy.Decide(Facts(child), today);
                if (decision.Action == RetentionAction.Archive)
                {
                    var rule = child.DateOfDeath is not null ? "a year after death"
                        : child.RetentionExtension == RetentionExtension.None ? "18th birthday" : "25th birthday (extension)";
                    if (dryRun || await ArchiveAsync(child, today, rule, cancellationToken))
                    {
                        response.Changes.Add(Change(child, V1.RetentionChange.Types.Action.Archive, rule, decision.ArchiveDue));
                        response.Archived++;
                    }
                }
            },
            cancellationToken);

        var archivedBy = today.AddYears(-RetentionPolicy.YearsArchivedBeforePurge);
        await ForEachPageAsync(
            db.Children.Where(c => c.Status == RecordStatus.Archived && c.ArchivedOn <= archivedBy),
            async child =>
            {
                var decision = RetentionPolicy.Decide(Facts(child), today);
                const string rule = "6 years after archiving";
                if (decision.Action == RetentionAction.HeldFromPurge)
                {
                    response.Changes.Add(Change(child, V1.RetentionChange.Types.Action.Held, rule, decision.PurgeDue!.Value));
                    response.Held++;
                }
                else if (decision.Action == RetentionAction.Purge && (dryRun || await PurgeAsync(child, rule, cancellationToken)))
                {
                    response.Changes.Add(Change(child, V1.RetentionChange.Types.Action.Purge, rule, decision.PurgeDue!.Value));
                    response.Purged++;
                }
            },
            cancellationToken);

        if (Sqlite && response.Purged > 0 && !dryRun)
        {
            // The write-ahead log still holds the purged pages as they were; copied back and emptied.
            // Best effort: a reader mid-transaction leaves it for the next automatic checkpoint.
            await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);", cancellationToken);
        }

        logger.RetentionRun(dryRun, response.Archived, response.Purged, response.Held);
        return response;
    }

    private bool Sqlite => db.Database.IsSqlite();

    public static RetentionFacts Facts(Child child)
    {
        ArgumentNullException.ThrowIfNull(child);
        return new RetentionFacts(child.DateOfBirth, child.DateOfDeath, child.RetentionExtension, child.ArchivedOn, child.LegalHoldReason is not null);
    }

    private static async Task ForEachPageAsync(IQueryable<Child> due, Func<Child, Task> each, CancellationToken cancellationToken)
    {
        long after = 0;
        while (true)
        {
            var page = await due.AsNoTracking().Where(c => c.Id > after).OrderBy(c => c.Id).Take(Page).ToListAsync(cancellationToken);
            foreach (var child in page)
            {
                await each(child);
            }

            if (page.Count < Page)
            {
                return;
            }

            after = page[^1].Id;
        }
    }

    /// <summary>False when the record changed since it was read (a concurrent run, or a death
    /// recorded meanwhile): the next run judges it again.</summary>
    private async Task<bool> ArchiveAsync(Child child, DateOnly today, string rule, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (!await ChildDocuments.TryLockAsync(db, child.IndexId, cancellationToken))
        {
            return false;
        }

        var changed = await db.Children
            .Where(c => c.Id == child.Id && c.Version == child.Version)
            .ExecuteUpdateAsync(set => set
                .SetProperty(c => c.Status, RecordStatus.Archived)
                .SetProperty(c => c.ArchivedOn, today)
                .SetProperty(c => c.UpdatedAt, time.StorableNow())
                .SetProperty(c => c.Version, c => c.Version + 1),
                cancellationToken);
        if (changed == 0)
        {
            return false;
        }

        await ChildDocuments.RefreshAsync(db, child.IndexId, cancellationToken);
        await audit.AppendWithinAsync(db, [child.IndexId], $"archived: {rule}", cancellationToken, personalDetail: false);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>Every row of the record, in one transaction: nothing is left half-purged.</summary>
    private async Task<bool> PurgeAsync(Child child, string rule, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (Sqlite)
        {
            // Deleted rows overwritten with zeros, not left in the file's free space (the key's too).
            await db.Database.ExecuteSqlRawAsync("PRAGMA secure_delete = ON;", cancellationToken);
        }

        if (!await ChildDocuments.TryLockAsync(db, child.IndexId, cancellationToken)
            || await db.Children.Where(c => c.Id == child.Id && c.Version == child.Version).ExecuteUpdateAsync(
                set => set.SetProperty(c => c.Version, c => c.Version + 1), cancellationToken) == 0)
        {
            return false;
        }

        // The records merged into it are the same child's: they go with it, as does every decision
        // naming any of them.
        var records = await WithMergedAsync(child, cancellationToken);
        var ids = records.Select(r => r.Id).ToArray();
        var indexIds = records.Select(r => r.IndexId).ToArray();
        await db.ChildMerges.Where(m => ids.Contains(m.SurvivorId) || ids.Contains(m.DuplicateId)).ExecuteDeleteAsync(cancellationToken);
        await db.NotSameChildPairs.Where(p => ids.Contains(p.FirstChildId) || ids.Contains(p.SecondChildId)).ExecuteDeleteAsync(cancellationToken);
        await db.SearchKeys.Where(k => ids.Contains(k.ChildId)).ExecuteDeleteAsync(cancellationToken);
        await db.OtherNames.Where(n => ids.Contains(n.ChildId)).ExecuteDeleteAsync(cancellationToken);
        await db.Carers.Where(n => ids.Contains(n.ChildId)).ExecuteDeleteAsync(cancellationToken);
        await db.LocalIdentifiers.Where(n => ids.Contains(n.ChildId)).ExecuteDeleteAsync(cancellationToken);
        await db.Involvements.Where(n => ids.Contains(n.ChildId)).ExecuteDeleteAsync(cancellationToken);
        await db.BreakGlassGrants.Where(g => ids.Contains(g.ChildId)).ExecuteDeleteAsync(cancellationToken);
        await db.PossibleDuplicates.Where(d => ids.Contains(d.NewChildId) || ids.Contains(d.ExistingChildId)).ExecuteDeleteAsync(cancellationToken);
        await db.IdempotencyRecords.Where(r => indexIds.Contains(r.ChildIndexId)).ExecuteDeleteAsync(cancellationToken);
        await db.ChildDocuments.Where(d => indexIds.Contains(d.IndexId)).ExecuteDeleteAsync(cancellationToken);
        await db.Children.Where(c => ids.Contains(c.Id)).ExecuteDeleteAsync(cancellationToken);
        await audit.AppendWithinAsync(db, indexIds, $"purged: {rule}", cancellationToken, personalDetail: false);
        // Last: with their keys gone, what the trail's records held of the child (search criteria,
        // reasons and justifications typed about it) can no longer be read, and every hash still holds.
        await db.AuditKeys.Where(k => indexIds.Contains(k.Subject)).ExecuteDeleteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>The child and every record merged into it, directly or through another.</summary>
    private async Task<IReadOnlyList<(long Id, string IndexId)>> WithMergedAsync(Child child, CancellationToken cancellationToken)
    {
        var records = new List<(long Id, string IndexId)> { (child.Id, child.IndexId) };
        var survivors = new[] { child.IndexId };
        while (survivors.Length > 0 && records.Count < 1000)
        {
            var merged = await db.Children.AsNoTracking()
                .Where(c => c.MergedInto != null && survivors.Contains(c.MergedInto))
                .Select(c => new { c.Id, c.IndexId })
                .ToListAsync(cancellationToken);
            records.AddRange(merged.Select(m => (m.Id, m.IndexId)));
            survivors = [.. merged.Select(m => m.IndexId)];
        }

        return records;
    }

    private static V1.RetentionChange Change(Child child, V1.RetentionChange.Types.Action action, string rule, DateOnly due) => new()
    {
        ChildId = Identifiers.ChildId.Format(child.IndexId),
        Action = action,
        Rule = rule,
        Due = RecordMapping.ToContract(due),
    };
}
