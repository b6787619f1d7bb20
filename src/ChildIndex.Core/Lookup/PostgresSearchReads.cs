using ChildIndex.Core.Matching;
using ChildIndex.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace ChildIndex.Core.Lookup;

/// <summary>
/// A name search's blocking statement on PostgreSQL, written beside EF Core
/// (<see cref="BlockingPlan.PostgresStatement"/>) and planned once. PostgreSQL plans a prepared
/// statement afresh for each call's values until a generic plan looks cheaper, and for this union
/// of passes it never did: about 1 ms of planning for 0.15 ms of execution at 1,000,000 children.
/// Every pass seeks on its own index whatever the values, so the generic plan is as good, and it is
/// asked for in the read's own transaction (SET LOCAL), so no other statement on the pooled
/// connection gets it. EF Core's form of the statement could not be planned generically: its null
/// branch for nullable columns defeats the seek (docs/benchmarks.md, sixth pass).
/// </summary>
internal static class PostgresSearchReads
{
    public static async Task<List<BlockingHit>> HitsAsync(ChildIndexDbContext db, IReadOnlyList<BlockingPass> passes, bool seesShielded, int cap, CancellationToken cancellationToken)
    {
        var (sql, values) = BlockingPlan.PostgresStatement(passes, seesShielded, cap);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var open = (NpgsqlTransaction)transaction.GetDbTransaction();
        await using (var generic = new NpgsqlCommand("SET LOCAL plan_cache_mode = force_generic_plan", connection, open))
        {
            await generic.ExecuteNonQueryAsync(cancellationToken);
        }

        var hits = new List<BlockingHit>();
        await using (var command = new NpgsqlCommand(sql, connection, open))
        {
            foreach (var value in values)
            {
                command.Parameters.Add(new NpgsqlParameter { Value = value });
            }

            // Prepared on each pooled connection once (Npgsql keeps it): a generic plan needs a
            // prepared statement, with or without the connection string's auto-prepare.
            await command.PrepareAsync(cancellationToken);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                hits.Add(new BlockingHit { Pass = reader.GetInt32(0), ChildId = reader.GetInt64(1) });
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return hits;
    }
}
