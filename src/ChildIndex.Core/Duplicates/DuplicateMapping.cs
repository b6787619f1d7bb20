using ChildIndex.Core.Identifiers;
using ChildIndex.Core.Records;
using Google.Protobuf.WellKnownTypes;
using V1 = ChildIndex.Contracts.V1;

namespace ChildIndex.Core.Duplicates;

/// <summary>Possible-duplicate tasks as contract messages; an unset or unknown resolution reads as null.</summary>
public static class DuplicateMapping
{
    public static Records.DuplicateResolution? ToDomain(V1.DuplicateResolution resolution) =>
        resolution is > V1.DuplicateResolution.Unspecified and <= V1.DuplicateResolution.Other ? (Records.DuplicateResolution)resolution : null;

    public static V1.PossibleDuplicateTask ToContract(PossibleDuplicate task, string newIndexId, string existingIndexId)
    {
        ArgumentNullException.ThrowIfNull(task);
        return new V1.PossibleDuplicateTask
        {
            TaskId = task.Id,
            NewChildId = ChildId.Format(newIndexId),
            ExistingChildId = ChildId.Format(existingIndexId),
            Score = Math.Round(task.Probability, 6),
            MatchWeight = Math.Round(task.Weight, 2),
            MatchBand = task.StrongBand ? V1.MatchBand.Strong : V1.MatchBand.Possible,
            LowerThreshold = task.LowerThreshold,
            UpperThreshold = task.UpperThreshold,
            RaisedAt = Timestamp.FromDateTimeOffset(task.RaisedAt),
            RaisedByOrganisation = task.RaisedByOrganisation,
            RequestId = task.RequestId.ToString(),
            Status = (V1.DuplicateTaskStatus)task.Status,
            Resolution = task.Resolution is { } resolution ? (V1.DuplicateResolution)resolution : V1.DuplicateResolution.Unspecified,
            Reason = task.Reason ?? string.Empty,
            ClosedBy = task.ClosedBy ?? string.Empty,
            ClosedAt = task.ClosedAt is { } at ? Timestamp.FromDateTimeOffset(at) : null,
        };
    }
}
