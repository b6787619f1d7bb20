using ChildIndex.Core.Matching;
using ChildIndex.Core.Records;
using ChildIndex.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace ChildIndex.Core.Lookup;

/// <summary>
/// A name search's two reads on PostgreSQL: the blocking statement, written beside EF Core
/// (<see cref="BlockingPlan.PostgresStatement"/>) and planned once. PostgreSQL plans a prepared
/// statement afresh for each call's values until a generic plan looks cheaper, and for this union
/// of passes it never did: about 1 ms of planning for 0.15 ms of execution at 1,000,000 children.
/// Every pass seeks on its own index whatever the values, so the generic plan is as good, and it is
/// asked for in the read's own transaction (SET LOCAL), so no other statement on the pooled
/// connection gets it. EF Core's form of the statement could not be planned generically: its null
/// branch for nullable columns defeats the seek (docs/benchmarks.md, sixth pass). Then the
/// candidates it found (<see cref="CandidateRows"/>), also beside EF Core, whose projection of them
/// compiled a delegate per row (docs/benchmarks.md, seventh pass).
/// </summary>
internal static class PostgresSearchReads
{
    /// <summary>The candidate read (<see cref="CandidateRows"/>) with PostgreSQL's parameters: the ids as one array.</summary>
    internal static readonly string CandidateStatement = CandidateRows.Statement("c.\"Id\" = ANY ($1)", "$2", "$3", "$4");

    public static async Task<List<BlockingHit>> HitsAsync(ChildIndexDbContext db, IReadOnlyList<BlockingPass> passes, bool seesShielded, int cap, CancellationToken cancellationToken)
    {
        var (sql, values) = BlockingPlan.PostgresStatement(passes, seesShielded, cap);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var hits = new List<BlockingHit>();
        await using (var batch = new NpgsqlBatch((NpgsqlConnection)db.Database.GetDbConnection(), (NpgsqlTransaction)transaction.GetDbTransaction()))
        {
            // One round trip: the setting, then the statement (Npgsql sends BEGIN with them).
            batch.BatchCommands.Add(new NpgsqlBatchCommand("SET LOCAL plan_cache_mode = force_generic_plan"));
            var select = new NpgsqlBatchCommand(sql);
            foreach (var value in values)
            {
                select.Parameters.Add(new NpgsqlParameter { Value = value });
            }

            batch.BatchCommands.Add(select);

            // Prepared on each pooled connection once (Npgsql keeps it): a generic plan needs a
            // prepared statement, with or without the connection string's auto-prepare.
            await batch.PrepareAsync(cancellationToken);
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                hits.Add(new BlockingHit { Pass = reader.GetInt32(0), ChildId = reader.GetInt64(1) });
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return hits;
    }

    /// <summary>The candidates, prepared like the blocking statement; a primary-key read needs no
    /// setting to be planned once.</summary>
    public static async Task<List<Child>> CandidatesAsync(ChildIndexDbContext db, long[] ids, ArchivedScope scope, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand(CandidateStatement, (NpgsqlConnection)db.Database.GetDbConnection());
            command.Parameters.Add(new NpgsqlParameter { Value = ids });
            command.Parameters.Add(new NpgsqlParameter { Value = scope.Included });
            command.Parameters.Add(new NpgsqlParameter { Value = scope.Any });
            command.Parameters.Add(new NpgsqlParameter { Value = scope.Since });
            await command.PrepareAsync(cancellationToken);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await CandidateRows.ReadAsync(reader, cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
