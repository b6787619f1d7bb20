using ChildIndex.Core.Matching;
using ChildIndex.Core.Records;
using ChildIndex.Core.Storage;

namespace ChildIndex.Core.Lookup;

/// <summary>
/// A name search's two reads on SQLite, on kept connections with their statements prepared once
/// (<see cref="SqliteKeptConnections"/>): the blocking passes, and the candidates they found. Through
/// EF Core, a third of a search's CPU went on its query pipeline (the cache look-up of a LINQ
/// union of up to eleven passes) and on preparing the statement again. The same rows as the LINQ
/// of <see cref="ChildSearch"/> reads; used only outside a transaction.
/// </summary>
internal static class SqliteSearchReads
{
    /// <summary>The candidate read (<see cref="CandidateRows"/>) with SQLite's parameters: the ids as one JSON array.</summary>
    internal static readonly string CandidateStatement = CandidateRows.Statement(
        $"c.\"Id\" IN (SELECT value FROM json_each({KeptConnection.Parameter(0)}))", KeptConnection.Parameter(1), KeptConnection.Parameter(2), KeptConnection.Parameter(3));

    public static Task<List<BlockingHit>> HitsAsync(SqliteKeptConnections connections, IReadOnlyList<BlockingPass> passes, bool seesShielded, int cap, CancellationToken cancellationToken) =>
        connections.ReadAsync(BlockingPlan.SqliteStatement(passes, seesShielded, cap), static async (connection, statement, cancellationToken) =>
        {
            var hits = new List<BlockingHit>();
            await using var reader = await connection.Command(statement.Sql, statement.Values).ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                hits.Add(new BlockingHit { Pass = reader.GetInt32(0), ChildId = reader.GetInt64(1) });
            }

            return hits;
        }, cancellationToken);

    public static Task<List<Child>> CandidatesAsync(SqliteKeptConnections connections, long[] ids, ArchivedScope scope, CancellationToken cancellationToken) =>
        connections.ReadAsync<object[], List<Child>>(
            [SqliteJson.Array(ids), scope.Included, scope.Any, SqliteJson.Date(scope.Since)],
            static async (connection, values, cancellationToken) =>
            {
                await using var reader = await connection.Command(CandidateStatement, values).ExecuteReaderAsync(cancellationToken);
                return await CandidateRows.ReadAsync(reader, cancellationToken);
            },
            cancellationToken);
}
