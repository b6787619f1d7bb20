using System.Globalization;
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
    /// <summary>What <c>ChildSearch.Candidates</c> projects, each child's other names on rows of
    /// their own, in the order EF Core reads them (child, then other name).</summary>
    internal static readonly string CandidateStatement = string.Create(CultureInfo.InvariantCulture, $"""
        SELECT c."Id", c."IndexId", c."GivenNames", c."FamilyName", c."Gender", c."DateOfBirth", c."Residence",
            c."Address_Line1" IS NOT NULL AND c."Address_Town" IS NOT NULL AND c."Address_Postcode" IS NOT NULL, c."Address_Town", c."Address_Postcode",
            c."Status", c."Shielded", o."Id", o."Position", o."Kind", o."GivenNames", o."FamilyName"
        FROM "Children" AS c
        LEFT JOIN "OtherNames" AS o ON o."ChildId" = c."Id"
        WHERE c."Id" IN (SELECT value FROM json_each($p0)) AND c."Status" <> {(int)RecordStatus.Merged}
            AND (c."Status" <> {(int)RecordStatus.Archived} OR ($p1 AND ($p2 OR (c."ArchivedOn" IS NOT NULL AND c."ArchivedOn" > $p3))))
        ORDER BY c."Id", o."Id"
        """);

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
                var children = new List<Child>();
                await using var reader = await connection.Command(CandidateStatement, values).ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    var id = reader.GetInt64(0);
                    if (children.Count == 0 || children[^1].Id != id)
                    {
                        children.Add(new Child
                        {
                            Id = id,
                            IndexId = reader.GetString(1),
                            GivenNames = reader.GetString(2),
                            FamilyName = reader.GetString(3),
                            Gender = (Gender)reader.GetByte(4),
                            DateOfBirth = reader.GetFieldValue<DateOnly>(5),
                            Residence = (ResidenceKind)reader.GetByte(6),
                            Address = reader.GetBoolean(7) ? new Address { Line1 = string.Empty, Town = reader.GetString(8), Postcode = reader.GetString(9) } : null,
                            Status = (RecordStatus)reader.GetByte(10),
                            Shielded = reader.GetBoolean(11),
                        });
                    }

                    if (!reader.IsDBNull(12))
                    {
                        children[^1].OtherNames.Add(new OtherName
                        {
                            Id = reader.GetInt64(12),
                            Position = reader.GetInt32(13),
                            Kind = (OtherNameKind)reader.GetByte(14),
                            GivenNames = reader.GetString(15),
                            FamilyName = reader.GetString(16),
                        });
                    }
                }

                return children;
            },
            cancellationToken);
}
