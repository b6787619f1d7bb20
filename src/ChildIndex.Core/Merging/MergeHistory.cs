using ChildIndex.Core.Identifiers;
using Google.Protobuf.WellKnownTypes;
using V1 = ChildIndex.Contracts.V1;

namespace ChildIndex.Core.Merging;

/// <summary>The index team's decisions about pairs of records, as ListMergeHistory shows them.</summary>
public static class MergeHistory
{
    public static V1.MergeDecision Merged(ChildMerge merge, string survivor, string duplicate)
    {
        ArgumentNullException.ThrowIfNull(merge);
        return Decision(V1.MergeDecision.Types.Kind.Merge, survivor, duplicate, merge.Id.ToString(), merge.MergedBy, merge.MergedAt, merge.Reason);
    }

    public static V1.MergeDecision Unmerged(ChildMerge merge, string survivor, string duplicate)
    {
        ArgumentNullException.ThrowIfNull(merge);
        return Decision(V1.MergeDecision.Types.Kind.Unmerge, survivor, duplicate, merge.Id.ToString(),
            merge.UnmergedBy ?? string.Empty, merge.UnmergedAt ?? merge.MergedAt, merge.UnmergeReason ?? string.Empty);
    }

    public static V1.MergeDecision NotSame(NotSameChildPair pair, string first, string second)
    {
        ArgumentNullException.ThrowIfNull(pair);
        return Decision(V1.MergeDecision.Types.Kind.NotSameChild, first, second, string.Empty, pair.DecidedBy, pair.DecidedAt, pair.Reason);
    }

    /// <summary>Newest first; an unmerge and its merge made in the same instant keep their order.</summary>
    public static IEnumerable<V1.MergeDecision> NewestFirst(IEnumerable<V1.MergeDecision> decisions) =>
        decisions.OrderByDescending(d => d.DecidedAt.ToDateTimeOffset()).ThenByDescending(d => d.Kind == V1.MergeDecision.Types.Kind.Unmerge);

    private static V1.MergeDecision Decision(V1.MergeDecision.Types.Kind kind, string child, string other, string mergeId, string by, DateTimeOffset at, string reason) => new()
    {
        Kind = kind,
        ChildId = ChildId.Format(child),
        OtherId = ChildId.Format(other),
        MergeId = mergeId,
        DecidedBy = by,
        DecidedAt = Timestamp.FromDateTimeOffset(at),
        Reason = reason,
    };
}
