using ChildIndex.Core.Records;
using ChildIndex.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace ChildIndex.Core.Merging;

/// <summary>
/// Sends writes naming a merged record on to its survivor, so that agency systems holding the old
/// id keep working, and notes what they add there as the merged record's, so that an unmerge
/// gives it back.
/// </summary>
public static class MergedRecords
{
    /// <summary>A merge of a merged survivor is refused, so chains are short; the bound only stops
    /// a corrupted one from looping.</summary>
    public const int MaxChain = 16;

    /// <summary>The record a write naming <paramref name="indexId"/> acts on (itself, unless it is
    /// merged), and the merges it went through, innermost first. One seek for a record that is not merged.</summary>
    public static async Task<Resolution> ResolveAsync(ChildIndexDbContext db, string indexId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var merges = new List<Guid>();
        var current = indexId;
        for (var hop = 0; hop < MaxChain; hop++)
        {
            var next = await db.Children.AsNoTracking()
                .Where(c => c.IndexId == current && c.Status == RecordStatus.Merged)
                .Select(c => new
                {
                    c.MergedInto,
                    MergeId = db.ChildMerges.Where(m => m.DuplicateId == c.Id && m.UnmergedAt == null).Select(m => (Guid?)m.Id).FirstOrDefault(),
                })
                .FirstOrDefaultAsync(cancellationToken);
            if (next?.MergedInto is null)
            {
                return new Resolution(indexId, current, merges);
            }

            if (next.MergeId is { } mergeId)
            {
                merges.Add(mergeId);
            }

            current = next.MergedInto;
        }

        throw new InvalidOperationException($"child {Identifiers.ChildId.Format(indexId)} is merged through more than {MaxChain} records");
    }

    /// <summary>Stages a row written through a merged record's id as belonging to it: an unmerge of
    /// each merge on the way moves it back one step.</summary>
    public static void NoteWrittenThrough(ChildIndexDbContext db, Resolution resolution, MergedRowKind kind, string rowKey)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(resolution);
        db.MergedRows.AddRange(resolution.Merges.Select(merge => new MergedRow { MergeId = merge, Kind = kind, RowKey = rowKey }));
    }
}

/// <param name="Requested">The id named.</param>
/// <param name="IndexId">The record to act on.</param>
/// <param name="Merges">The merges between the two; empty when the id named is the record.</param>
public sealed record Resolution(string Requested, string IndexId, IReadOnlyList<Guid> Merges)
{
    public bool Redirected => Requested != IndexId;
}
