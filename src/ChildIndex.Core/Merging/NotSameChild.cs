using ChildIndex.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace ChildIndex.Core.Merging;

/// <summary>
/// The index team's decisions that two records are two children: such a pair is never offered as
/// a possible duplicate and never merged. Asked by internal id (the duplicate detector and the
/// merge hold the children already), in either order.
/// </summary>
public static class NotSameChild
{
    /// <summary>The pair as stored: smaller id first.</summary>
    public static (long First, long Second) Order(long a, long b) => a <= b ? (a, b) : (b, a);

    public static Task<bool> IsMarkedAsync(ChildIndexDbContext db, long a, long b, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var (first, second) = Order(a, b);
        return db.NotSameChildPairs.AnyAsync(p => p.FirstChildId == first && p.SecondChildId == second, cancellationToken);
    }

    /// <summary>
    /// Which of the children <paramref name="candidates"/> are marked not the same child as
    /// <paramref name="childId"/>: one statement for a whole list of candidates (registration's
    /// duplicate check scores several at once).
    /// </summary>
    public static async Task<IReadOnlySet<long>> MarkedAmongAsync(ChildIndexDbContext db, long childId, IReadOnlyCollection<long> candidates, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(candidates);
        if (candidates.Count == 0)
        {
            return new HashSet<long>();
        }

        var ids = candidates.Distinct().ToArray();
        var marked = await db.NotSameChildPairs.AsNoTracking()
            .Where(p => (p.FirstChildId == childId && EF.Parameter(ids).Contains(p.SecondChildId))
                || (p.SecondChildId == childId && EF.Parameter(ids).Contains(p.FirstChildId)))
            .Select(p => p.FirstChildId == childId ? p.SecondChildId : p.FirstChildId)
            .ToListAsync(cancellationToken);
        return marked.ToHashSet();
    }
}
