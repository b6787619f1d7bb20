using Microsoft.Extensions.Logging;

namespace ChildIndex.Core.Diagnostics;

/// <summary>The directory's log events. They carry index identifiers and counts only: never a
/// name, date of birth, address or any other personal detail of a child.</summary>
public static partial class DirectoryLog
{
    [LoggerMessage(1001, LogLevel.Information, "Registered child {ChildId}: {Outcome}")]
    public static partial void ChildRegistered(this ILogger logger, string childId, string outcome);

    [LoggerMessage(1002, LogLevel.Information, "Replayed registration request {RequestId} for child {ChildId}")]
    public static partial void RegistrationReplayed(this ILogger logger, Guid requestId, string childId);

    [LoggerMessage(1003, LogLevel.Information, "Updated details of child {ChildId} to version {Version}")]
    public static partial void DetailsUpdated(this ILogger logger, string childId, long version);

    [LoggerMessage(1004, LogLevel.Information, "Recorded involvement {InvolvementId} for child {ChildId}")]
    public static partial void InvolvementRecorded(this ILogger logger, Guid involvementId, string childId);

    [LoggerMessage(1005, LogLevel.Information, "Ended involvement {InvolvementId} of child {ChildId}")]
    public static partial void InvolvementEnded(this ILogger logger, Guid involvementId, string childId);

    [LoggerMessage(1006, LogLevel.Information, "Registered a batch of {Count} children in {ElapsedMs} ms: {Created} created, {Matched} matched, {PossibleDuplicates} created as possible duplicates, {Replayed} replayed, {Refused} refused")]
    public static partial void BatchRegistered(this ILogger logger, int count, int created, int matched, int possibleDuplicates, int replayed, int refused, long elapsedMs);

    [LoggerMessage(1201, LogLevel.Information, "Duplicate check: registration of child {ChildId} scored {Probability} against child {CandidateId}: {Decision}")]
    public static partial void DuplicateChecked(this ILogger logger, string childId, double probability, string candidateId, string decision);

    [LoggerMessage(1202, LogLevel.Information, "Closed possible-duplicate task {TaskId}: {Resolution}")]
    public static partial void DuplicateTaskClosed(this ILogger logger, long taskId, string resolution);

    [LoggerMessage(1007, LogLevel.Debug, "Search by {Criteria} returned {Count} children")]
    public static partial void Searched(this ILogger logger, string criteria, int count);

    [LoggerMessage(1020, LogLevel.Warning, "An agency registration from {Organisation} named by NHS number or UPN a child its other details disagree with: registered as {ChildId} under the agency's own identifiers only, for the index team to review")]
    public static partial void AgencyIdentifiersWithheld(this ILogger logger, string childId, string organisation);

    [LoggerMessage(1008, LogLevel.Warning, "A concurrent write claimed an identifier or request id first; registering again against what it stored")]
    public static partial void RegistrationRaced(this ILogger logger);

    [LoggerMessage(1101, LogLevel.Debug, "Name search: {Passes} blocking passes read {Candidates} candidates, {Qualified} qualified (a pass reached its cap: {Truncated})")]
    public static partial void NameSearchMatched(this ILogger logger, int passes, int candidates, int qualified, bool truncated);

    [LoggerMessage(1110, LogLevel.Information, "A child after internal id {LastId} was updated while its search keys were rebuilt: redoing the batch (attempt {Attempt})")]
    public static partial void SearchKeysBatchRaced(this ILogger logger, long lastId, int attempt);

    [LoggerMessage(1102, LogLevel.Information, "Rebuilt the search keys of {Children} children (up to internal id {LastId})")]
    public static partial void SearchKeysRebuilt(this ILogger logger, int children, long lastId);

    [LoggerMessage(1120, LogLevel.Information, "Retention run (dry run: {DryRun}): {Archived} archived, {Purged} purged, {Held} held from purging by a legal hold")]
    public static partial void RetentionRun(this ILogger logger, bool dryRun, int archived, int purged, int held);

    [LoggerMessage(1103, LogLevel.Information, "Wrote the read-model documents of {Children} children (up to internal id {LastId})")]
    public static partial void ReadModelRebuilt(this ILogger logger, int children, long lastId);

    [LoggerMessage(1130, LogLevel.Information, "Merge {MergeId}: child {DuplicateId} merged into {SurvivorId}")]
    public static partial void ChildrenMerged(this ILogger logger, Guid mergeId, string survivorId, string duplicateId);

    [LoggerMessage(1131, LogLevel.Information, "Merge {MergeId} undone: child {DuplicateId} separated from {SurvivorId}")]
    public static partial void ChildrenUnmerged(this ILogger logger, Guid mergeId, string survivorId, string duplicateId);
}
