using ChildIndex.Core.Audit;
using ChildIndex.Core.Identifiers;
using ChildIndex.Core.Storage;
using Microsoft.EntityFrameworkCore;
using V1 = ChildIndex.Contracts.V1;

namespace ChildIndex.Core.Lookup;

/// <summary>
/// Marks a search's audit record with the shielded children among those it returned, read from the
/// records themselves (one seek on the index identifiers of at most a page of results),
/// so that the mark does not depend on what the summaries show the caller.
/// </summary>
public sealed class ShieldedResultMarks(ChildIndexDbContext db, CallAudit audit)
{
    public async Task MarkAsync(V1.SearchChildrenResponse response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        var ids = response.Children.Select(c => ChildId.Compact(c.ChildId)).Distinct().ToList();
        if (ids.Count == 0)
        {
            return;
        }

        var shielded = await db.Children.AsNoTracking()
            .Where(c => ids.Contains(c.IndexId) && c.Shielded)
            .Select(c => c.IndexId)
            .ToListAsync(cancellationToken);
        foreach (var id in ids.Where(shielded.Contains))
        {
            audit.MarkShielded(id);
        }
    }
}
