using ChildIndex.Core.Storage;

namespace ChildIndex.Core.ReadModel;

/// <summary>
/// GetChild's one read on SQLite, on a kept connection with the statement prepared once
/// (<see cref="SqliteKeptConnections"/>). Used only outside a transaction.
/// </summary>
public static class SqliteDocumentReads
{
    /// <summary>The one statement, by primary key.</summary>
    public const string Statement = "SELECT \"ChildId\", \"Version\", \"Shielded\", \"Document\" FROM \"ChildDocuments\" WHERE \"IndexId\" = $p0";

    internal static Task<ChildDocument?> FindAsync(SqliteKeptConnections connections, string indexId, CancellationToken cancellationToken) =>
        connections.ReadAsync(indexId, static async (connection, indexId, cancellationToken) =>
        {
            await using var reader = await connection.Command(Statement, [indexId]).ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }

            return new ChildDocument
            {
                IndexId = indexId,
                ChildId = reader.GetInt64(0),
                Version = reader.GetInt64(1),
                Shielded = reader.GetBoolean(2),
                Document = reader.GetFieldValue<byte[]>(3),
            };
        }, cancellationToken);
}
