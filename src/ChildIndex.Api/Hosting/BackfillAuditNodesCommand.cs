using ChildIndex.Core.Audit;
using ChildIndex.Core.Storage;
using ChildIndex.ServiceDefaults;

namespace ChildIndex.Api.Hosting;

/// <summary>`ChildIndex.Api backfill-audit-nodes`: stores the Merkle tree nodes of a trail written
/// before the AuditTreeNodes migration (ADR 8), so that its proofs read O(log n) rows and its
/// verification finds no node missing. Run once after `migrate`; safe to repeat. It holds the
/// audit head's lock while it runs, so audited calls wait: run it before `serve`, or when quiet.</summary>
public static class BackfillAuditNodesCommand
{
    public const string Name = "backfill-audit-nodes";

    public static async Task<int> RunAsync(IServiceProvider services, string[] args)
    {
        ArgumentNullException.ThrowIfNull(services);
        var db = services.GetRequiredService<ChildIndexDbContext>();
        if (!await ServerCommands.SchemaIsCurrentAsync(db, "ChildIndex.Api"))
        {
            return 1;
        }

        var lastReported = 0L;
        var added = await AuditTreeNodes.BackfillAsync(db, new Progress<long>(records =>
        {
            if (records - lastReported >= 1_000_000)
            {
                lastReported = records;
                Console.WriteLine($"{records} records read");
            }
        }), CancellationToken.None);
        Console.WriteLine($"stored {added} audit tree nodes");
        return 0;
    }
}
