using System.Globalization;
using System.Text.Json;
using ChildIndex.Common.Errors;
using ChildIndex.Core.Access;
using ChildIndex.Core.Audit;
using ChildIndex.Core.Diagnostics;
using ChildIndex.Core.Duplicates;
using ChildIndex.Core.Identifiers;
using ChildIndex.Core.ReadModel;
using ChildIndex.Core.Records;
using ChildIndex.Core.Storage;
using ChildIndex.Core.Time;
using ChildIndex.Core.Validation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using V1 = ChildIndex.Contracts.V1;

namespace ChildIndex.Core.Merging;

/// <summary>
/// The index team's repair of duplicate records: merging two records of one child, undoing a merge,
/// and marking two records as two children. Each change, both children's read-model documents and
/// the call's audit record commit together (docs/decisions/0017-merge-and-unmerge.md).
/// </summary>
public sealed class ChildMerging(ChildIndexDbContext db, CallAudit audit, TimeProvider time, ILogger<ChildMerging> logger)
{
    public async Task<V1.MergeOutcome> MergeAsync(V1.MergeChildrenRequest request, Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(caller);
        Permissions.Demand(caller, DirectoryAction.MergeChildren);
        var violations = new Violations();
        var survivorId = FieldRules.ChildId(request.SurvivorId, "survivor_id", violations);
        var duplicateId = FieldRules.ChildId(request.DuplicateId, "duplicate_id", violations);
        var reason = FieldRules.Justification(request.Reason, "reason", violations, required: true);
        violations.ThrowIfAny();
        if (survivorId == duplicateId)
        {
            throw Conflict($"survivor_id and duplicate_id are the same record ({ChildId.Format(survivorId!)})");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await LockBothAsync(survivorId!, duplicateId!, cancellationToken);
        var survivor = await ChildDocuments.LoadAsync(db, survivorId!, cancellationToken);
        var duplicate = await ChildDocuments.LoadAsync(db, duplicateId!, cancellationToken);
        if (MergePlan.Refusal(survivor, duplicate) is { } refusal)
        {
            throw Conflict(refusal);
        }

        if (await NotSameChild.IsMarkedAsync(db, survivor.Id, duplicate.Id, cancellationToken))
        {
            throw Conflict($"children {ChildId.Format(survivorId!)} and {ChildId.Format(duplicateId!)} are marked as not the same child");
        }

        var plan = MergePlan.For(survivor, duplicate);
        var now = time.StorableNow();
        var merge = new ChildMerge
        {
            Id = Guid.CreateVersion7(),
            SurvivorId = survivor.Id,
            DuplicateId = duplicate.Id,
            MergedBy = caller.Subject,
            MergedAt = now,
            Reason = reason!,
            Snapshot = JsonSerializer.SerializeToUtf8Bytes(plan.Snapshot),
        };
        db.ChildMerges.Add(merge);
        db.MergedRows.AddRange(duplicate.Involvements.Select(i => new MergedRow { MergeId = merge.Id, Kind = MergedRowKind.Involvement, RowKey = Key(i.Id) }));
        db.MergedRows.AddRange(duplicate.LocalIds.Select(l => new MergedRow { MergeId = merge.Id, Kind = MergedRowKind.LocalIdentifier, RowKey = Key(l.Id) }));

        // The duplicate first: it gives up its NHS number and UPN before the survivor takes them,
        // which the unique indexes require. Its own names and carers stay with it, for an unmerge.
        await db.Children.Where(c => c.Id == duplicate.Id).ExecuteUpdateAsync(set => set
            .SetProperty(c => c.Status, RecordStatus.Merged)
            .SetProperty(c => c.MergedInto, survivor.IndexId)
            .SetProperty(c => c.NhsNumber, c => plan.Snapshot.MovedNhsNumber != null ? null : c.NhsNumber)
            .SetProperty(c => c.Upn, c => plan.Snapshot.MovedUpn != null ? null : c.Upn)
            .SetProperty(c => c.UpdatedAt, now)
            .SetProperty(c => c.Version, c => c.Version + 1),
            cancellationToken);
        await db.SearchKeys.Where(k => k.ChildId == duplicate.Id).ExecuteDeleteAsync(cancellationToken);
        await db.Involvements.Where(i => i.ChildId == duplicate.Id).ExecuteUpdateAsync(set => set.SetProperty(i => i.ChildId, survivor.Id), cancellationToken);
        await db.LocalIdentifiers.Where(l => l.ChildId == duplicate.Id).ExecuteUpdateAsync(set => set.SetProperty(l => l.ChildId, survivor.Id), cancellationToken);

        var tracked = await TrackedAsync(survivor.Id, cancellationToken);
        tracked.NhsNumber ??= plan.Snapshot.MovedNhsNumber;
        tracked.Upn ??= plan.Snapshot.MovedUpn;
        tracked.OtherNames.AddRange(plan.NamesToAdd);
        tracked.Carers.AddRange(plan.CarersToAdd);
        Touch(tracked, now);
        await db.SaveChangesAsync(cancellationToken);

        await DuplicateTasks.CloseForPairAsync(db, survivor.Id, duplicate.Id, DuplicateResolution.Merged, reason!, caller.Subject, now, cancellationToken);
        await ChildDocuments.RefreshAsync(db, survivor.IndexId, cancellationToken);
        await ChildDocuments.RefreshAsync(db, duplicate.IndexId, cancellationToken);
        await audit.AppendWithinAsync(db, [survivor.IndexId, duplicate.IndexId],
            $"merge {merge.Id}: {ChildId.Format(duplicate.IndexId)} merged into {ChildId.Format(survivor.IndexId)}: {reason}", cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        logger.ChildrenMerged(merge.Id, survivor.IndexId, duplicate.IndexId);
        return await OutcomeAsync(merge.Id, survivor.IndexId, duplicate.IndexId, cancellationToken);
    }

    public async Task<V1.MergeOutcome> UnmergeAsync(V1.UnmergeChildrenRequest request, Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(caller);
        Permissions.Demand(caller, DirectoryAction.UnmergeChildren);
        var violations = new Violations();
        Guid? mergeId = null;
        string? duplicateId = null;
        switch (request.MergeCase)
        {
            case V1.UnmergeChildrenRequest.MergeOneofCase.MergeId when Guid.TryParseExact(request.MergeId.Trim(), "D", out var id):
                mergeId = id;
                break;
            case V1.UnmergeChildrenRequest.MergeOneofCase.MergeId:
                violations.Add("merge_id", "must be a merge id as returned by MergeChildren");
                break;
            case V1.UnmergeChildrenRequest.MergeOneofCase.DuplicateId:
                duplicateId = FieldRules.ChildId(request.DuplicateId, "duplicate_id", violations);
                break;
            default:
                violations.Add("merge", "is required: merge_id or duplicate_id");
                break;
        }

        var reason = FieldRules.Justification(request.Reason, "reason", violations, required: true);
        violations.ThrowIfAny();

        var found = await FindMergeAsync(mergeId, duplicateId, cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await LockBothAsync(found.SurvivorIndexId, found.DuplicateIndexId, cancellationToken);
        // Read again under the locks: a concurrent unmerge of the same merge has either committed or waits.
        var merge = await db.ChildMerges.SingleAsync(m => m.Id == found.MergeId, cancellationToken);
        if (merge.IsUndone)
        {
            throw Conflict($"merge {merge.Id} was undone already");
        }

        var survivorStatus = await db.Children.Where(c => c.Id == merge.SurvivorId).Select(c => new { c.Status, c.MergedInto }).SingleAsync(cancellationToken);
        if (survivorStatus.Status == RecordStatus.Merged)
        {
            throw Conflict($"child {ChildId.Format(found.SurvivorIndexId)} has since been merged into {ChildId.Format(survivorStatus.MergedInto!)}: undo that merge first");
        }

        var snapshot = JsonSerializer.Deserialize<MergeSnapshot>(merge.Snapshot)
            ?? throw new InvalidOperationException($"merge {merge.Id} has no snapshot");
        await MoveRowsBackAsync(merge, cancellationToken);

        var now = time.StorableNow();
        var survivor = await TrackedAsync(merge.SurvivorId, cancellationToken);
        var (names, carers) = MergePlan.Added(survivor, snapshot);
        survivor.OtherNames.RemoveAll(names.Contains);
        survivor.Carers.RemoveAll(carers.Contains);
        var nhsBack = snapshot.MovedNhsNumber is not null && survivor.NhsNumber == snapshot.MovedNhsNumber;
        var upnBack = snapshot.MovedUpn is not null && survivor.Upn == snapshot.MovedUpn;
        survivor.NhsNumber = nhsBack ? null : survivor.NhsNumber;
        survivor.Upn = upnBack ? null : survivor.Upn;
        Touch(survivor, now);
        // Saved before the duplicate takes its identifiers back, as the unique indexes require.
        await db.SaveChangesAsync(cancellationToken);

        var duplicate = await TrackedAsync(merge.DuplicateId, cancellationToken);
        duplicate.Status = snapshot.DuplicateStatus;
        duplicate.MergedInto = null;
        duplicate.NhsNumber = nhsBack ? snapshot.MovedNhsNumber : duplicate.NhsNumber;
        duplicate.Upn = upnBack ? snapshot.MovedUpn : duplicate.Upn;
        Touch(duplicate, now);
        merge.UnmergedAt = now;
        merge.UnmergedBy = caller.Subject;
        merge.UnmergeReason = reason;
        await db.SaveChangesAsync(cancellationToken);

        await ChildDocuments.RefreshAsync(db, found.SurvivorIndexId, cancellationToken);
        await ChildDocuments.RefreshAsync(db, found.DuplicateIndexId, cancellationToken);
        await audit.AppendWithinAsync(db, [found.SurvivorIndexId, found.DuplicateIndexId],
            $"unmerge {merge.Id}: {ChildId.Format(found.DuplicateIndexId)} separated from {ChildId.Format(found.SurvivorIndexId)}: {reason}", cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        logger.ChildrenUnmerged(merge.Id, found.SurvivorIndexId, found.DuplicateIndexId);
        return await OutcomeAsync(merge.Id, found.SurvivorIndexId, found.DuplicateIndexId, cancellationToken);
    }

    public async Task<V1.MergeDecision> MarkNotSameChildAsync(V1.MarkNotSameChildRequest request, Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(caller);
        Permissions.Demand(caller, DirectoryAction.MarkNotSameChild);
        var violations = new Violations();
        var a = FieldRules.ChildId(request.ChildA, "child_a", violations);
        var b = FieldRules.ChildId(request.ChildB, "child_b", violations);
        var reason = FieldRules.Justification(request.Reason, "reason", violations, required: true);
        violations.ThrowIfAny();
        if (a == b)
        {
            throw Conflict($"child_a and child_b are the same record ({ChildId.Format(a!)})");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var children = await db.Children.AsNoTracking()
            .Where(c => c.IndexId == a || c.IndexId == b)
            .Select(c => new { c.Id, c.IndexId, c.MergedInto })
            .ToListAsync(cancellationToken);
        var first = children.SingleOrDefault(c => c.IndexId == a) ?? throw DomainException.ChildNotFound(ChildId.Format(a!));
        var second = children.SingleOrDefault(c => c.IndexId == b) ?? throw DomainException.ChildNotFound(ChildId.Format(b!));
        if (first.MergedInto == b || second.MergedInto == a)
        {
            throw Conflict($"children {ChildId.Format(a!)} and {ChildId.Format(b!)} are merged: undo the merge first");
        }

        if (await NotSameChild.IsMarkedAsync(db, first.Id, second.Id, cancellationToken))
        {
            throw Conflict($"children {ChildId.Format(a!)} and {ChildId.Format(b!)} are marked as not the same child already");
        }

        var (low, high) = NotSameChild.Order(first.Id, second.Id);
        var pair = new NotSameChildPair { FirstChildId = low, SecondChildId = high, DecidedBy = caller.Subject, DecidedAt = time.StorableNow(), Reason = reason! };
        db.NotSameChildPairs.Add(pair);
        await db.SaveChangesAsync(cancellationToken);
        await DuplicateTasks.CloseForPairAsync(db, first.Id, second.Id, DuplicateResolution.NotADuplicate, reason!, caller.Subject, pair.DecidedAt, cancellationToken);
        await audit.AppendWithinAsync(db, [a!, b!], $"not the same child: {reason}", cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        var lowIndexId = low == first.Id ? a! : b!;
        return PairDecision(pair, lowIndexId, lowIndexId == a ? b! : a!);
    }

    public async Task<V1.ListMergeHistoryResponse> HistoryAsync(V1.ListMergeHistoryRequest request, Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(caller);
        Permissions.Demand(caller, DirectoryAction.ListMergeHistory);
        var violations = new Violations();
        var childId = FieldRules.ChildId(request.ChildId, "child_id", violations);
        violations.ThrowIfAny();
        var keys = await db.Children.Where(c => c.IndexId == childId).Select(c => c.Id).Take(1).ToListAsync(cancellationToken);
        if (keys.Count == 0)
        {
            throw DomainException.ChildNotFound(ChildId.Format(childId!));
        }

        var key = keys[0];
        var merges = await (
            from m in db.ChildMerges.AsNoTracking()
            where m.SurvivorId == key || m.DuplicateId == key
            join s in db.Children on m.SurvivorId equals s.Id
            join d in db.Children on m.DuplicateId equals d.Id
            select new { Merge = m, Survivor = s.IndexId, Duplicate = d.IndexId }).ToListAsync(cancellationToken);
        var pairs = await (
            from p in db.NotSameChildPairs.AsNoTracking()
            where p.FirstChildId == key || p.SecondChildId == key
            join f in db.Children on p.FirstChildId equals f.Id
            join s in db.Children on p.SecondChildId equals s.Id
            select new { Pair = p, First = f.IndexId, Second = s.IndexId }).ToListAsync(cancellationToken);

        var decisions = new List<V1.MergeDecision>();
        foreach (var m in merges)
        {
            decisions.Add(MergeHistory.Merged(m.Merge, m.Survivor, m.Duplicate));
            if (m.Merge.IsUndone)
            {
                decisions.Add(MergeHistory.Unmerged(m.Merge, m.Survivor, m.Duplicate));
            }
        }

        decisions.AddRange(pairs.Select(p => PairDecision(p.Pair, p.First, p.Second)));
        var response = new V1.ListMergeHistoryResponse();
        response.Decisions.AddRange(MergeHistory.NewestFirst(decisions));
        return response;
    }

    private static V1.MergeDecision PairDecision(NotSameChildPair pair, string first, string second) =>
        MergeHistory.NotSame(pair, first, second);

    private async Task LockBothAsync(string a, string b, CancellationToken cancellationToken)
    {
        // Always in the same order, so that two merges of one pair named either way round queue
        // rather than deadlock.
        foreach (var id in new[] { a, b }.Order(StringComparer.Ordinal))
        {
            if (!await ChildDocuments.TryLockAsync(db, id, cancellationToken))
            {
                throw DomainException.ChildNotFound(ChildId.Format(id));
            }
        }
    }

    private Task<Child> TrackedAsync(long id, CancellationToken cancellationToken) =>
        db.Children.Include(c => c.OtherNames).Include(c => c.Carers).Include(c => c.SearchKeys).AsSplitQuery()
            .SingleAsync(c => c.Id == id, cancellationToken);

    /// <summary>Search keys follow the names; the version moves on so that copies read before are stale.</summary>
    private static void Touch(Child child, DateTimeOffset now)
    {
        SearchKeys.Rebuild(child);
        child.UpdatedAt = now;
        child.Version++;
    }

    /// <summary>The merge's rows that are on the survivor go back to the duplicate: those the merge
    /// moved, and those written through the duplicate's id since.</summary>
    private async Task MoveRowsBackAsync(ChildMerge merge, CancellationToken cancellationToken)
    {
        var rows = await db.MergedRows.AsNoTracking().Where(r => r.MergeId == merge.Id).ToListAsync(cancellationToken);
        var involvements = rows.Where(r => r.Kind == MergedRowKind.Involvement).Select(r => Guid.Parse(r.RowKey)).ToArray();
        var localIds = rows.Where(r => r.Kind == MergedRowKind.LocalIdentifier).Select(r => long.Parse(r.RowKey, CultureInfo.InvariantCulture)).ToArray();
        if (involvements.Length > 0)
        {
            await db.Involvements.Where(i => i.ChildId == merge.SurvivorId && EF.Parameter(involvements).Contains(i.Id))
                .ExecuteUpdateAsync(set => set.SetProperty(i => i.ChildId, merge.DuplicateId), cancellationToken);
        }

        if (localIds.Length > 0)
        {
            await db.LocalIdentifiers.Where(l => l.ChildId == merge.SurvivorId && EF.Parameter(localIds).Contains(l.Id))
                .ExecuteUpdateAsync(set => set.SetProperty(l => l.ChildId, merge.DuplicateId), cancellationToken);
        }
    }

    private async Task<FoundMerge> FindMergeAsync(Guid? mergeId, string? duplicateId, CancellationToken cancellationToken)
    {
        var merges = from m in db.ChildMerges.AsNoTracking()
                     join s in db.Children on m.SurvivorId equals s.Id
                     join d in db.Children on m.DuplicateId equals d.Id
                     select new { m.Id, m.UnmergedAt, Survivor = s.IndexId, Duplicate = d.IndexId };
        // A record merged is merged once at a time (it must be unmerged before it is merged again),
        // so it has at most one merge not undone.
        var found = mergeId is { } id
            ? await merges.Where(m => m.Id == id).FirstOrDefaultAsync(cancellationToken)
                ?? throw new DomainException(DomainErrorKind.NotFound, $"no merge with id {id}")
            : await merges.Where(m => m.Duplicate == duplicateId && m.UnmergedAt == null).FirstOrDefaultAsync(cancellationToken)
                ?? throw new DomainException(DomainErrorKind.NotFound, $"child {ChildId.Format(duplicateId!)} is not merged into another record");
        return new FoundMerge(found.Id, found.Survivor, found.Duplicate);
    }

    private async Task<V1.MergeOutcome> OutcomeAsync(Guid mergeId, string survivorId, string duplicateId, CancellationToken cancellationToken)
    {
        var versions = await db.Children.AsNoTracking()
            .Where(c => c.IndexId == survivorId || c.IndexId == duplicateId)
            .Select(c => new { c.IndexId, c.Version })
            .ToListAsync(cancellationToken);
        return new V1.MergeOutcome
        {
            MergeId = mergeId.ToString(),
            SurvivorId = ChildId.Format(survivorId),
            DuplicateId = ChildId.Format(duplicateId),
            SurvivorVersion = versions.Single(v => v.IndexId == survivorId).Version,
            DuplicateVersion = versions.Single(v => v.IndexId == duplicateId).Version,
        };
    }

    private static string Key(Guid id) => id.ToString();

    private static string Key(long id) => id.ToString(CultureInfo.InvariantCulture);

    private static DomainException Conflict(string message) => new(DomainErrorKind.Conflict, message);

    private sealed record FoundMerge(Guid MergeId, string SurvivorIndexId, string DuplicateIndexId);
}
