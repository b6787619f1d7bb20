using ChildIndex.Core.Storage;
using Microsoft.EntityFrameworkCore;
using V1 = ChildIndex.Contracts.V1;

namespace ChildIndex.Core.Audit;

/// <summary>Stored records as the trail's readers serve them: personal parts opened with the keys
/// that remain (<see cref="PersonalDataSeal.Open"/>).</summary>
public static class SealedRecords
{
    // Key ids per statement: well under every provider's parameter limit.
    private const int Chunk = 500;

    public static async Task<List<V1.AuditRecord>> OpenAsync(ChildIndexDbContext db, IReadOnlyList<V1.AuditRecord> stored, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(stored);
        var keys = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var chunk in stored.SelectMany(PersonalDataSeal.KeyIds).Distinct(StringComparer.Ordinal).Chunk(Chunk))
        {
            foreach (var key in await db.AuditKeys.AsNoTracking().Where(k => chunk.Contains(k.KeyId)).Select(k => new { k.KeyId, k.Key }).ToListAsync(cancellationToken))
            {
                keys[key.KeyId] = key.Key;
            }
        }

        return [.. stored.Select(r => PersonalDataSeal.Open(r, keys))];
    }
}
