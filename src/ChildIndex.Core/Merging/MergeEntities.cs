using ChildIndex.Core.Records;

namespace ChildIndex.Core.Merging;

/// <summary>
/// One merge of a duplicate record into a survivor, kept for the history and for its undoing: who,
/// when, why, and what the merge changed beyond moving rows (<see cref="MergeSnapshot"/>). The rows
/// it moved, and those recorded against the duplicate's id since, are its <see cref="MergedRow"/>s.
/// </summary>
public sealed class ChildMerge
{
    public Guid Id { get; set; }
    public long SurvivorId { get; set; }
    public long DuplicateId { get; set; }
    public required string MergedBy { get; set; }
    public DateTimeOffset MergedAt { get; set; }
    public required string Reason { get; set; }

    public string? UnmergedBy { get; set; }
    public DateTimeOffset? UnmergedAt { get; set; }
    public string? UnmergeReason { get; set; }

    /// <summary>The serialized <see cref="MergeSnapshot"/>.</summary>
    public required byte[] Snapshot { get; set; }

    public bool IsUndone => UnmergedAt is not null;
}

public enum MergedRowKind : byte
{
    Involvement = 1,
    LocalIdentifier = 2,
}

/// <summary>A row that belongs to the duplicate of a merge: an unmerge moves it back.</summary>
public sealed class MergedRow
{
    public Guid MergeId { get; set; }
    public MergedRowKind Kind { get; set; }

    /// <summary>The row's key: an involvement's id, or a local identifier's.</summary>
    public required string RowKey { get; set; }
}

/// <summary>Two records the index team has decided are two children; kept with the smaller
/// internal id first, so that a pair has one row whichever way it is named.</summary>
public sealed class NotSameChildPair
{
    public long FirstChildId { get; set; }
    public long SecondChildId { get; set; }
    public required string DecidedBy { get; set; }
    public DateTimeOffset DecidedAt { get; set; }
    public required string Reason { get; set; }
}

/// <summary>What a merge changed besides moving rows, so that an unmerge can take it back: the
/// duplicate's status, the NHS number and UPN it gave the survivor, and the names and carers it
/// added to the survivor.</summary>
public sealed record MergeSnapshot(
    RecordStatus DuplicateStatus,
    string? MovedNhsNumber,
    string? MovedUpn,
    IReadOnlyList<MergedName> AddedNames,
    IReadOnlyList<MergedCarer> AddedCarers);

public sealed record MergedName(OtherNameKind Kind, string GivenNames, string FamilyName);

public sealed record MergedCarer(string GivenNames, string FamilyName, CarerRelationship Relationship);
