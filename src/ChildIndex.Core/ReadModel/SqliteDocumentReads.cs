using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace ChildIndex.Core.ReadModel;

/// <summary>
/// GetChild's one read on SQLite, on connections kept open with the statement prepared on each.
/// Through EF Core, every read took a connection from the pool (and reset it on return), and
/// Microsoft.Data.Sqlite prepared the statement afresh: together more than the read itself.
/// Used only outside a transaction, where a read on another connection sees all that is committed.
/// </summary>
public sealed class SqliteDocumentReads
{
    /// <summary>Idle readers kept per database; more are opened under load and closed after it.</summary>
    private const int Kept = 32;

    /// <summary>The one statement, by primary key.</summary>
    public const string Statement = "SELECT \"ChildId\", \"Version\", \"Shielded\", \"Document\" FROM \"ChildDocuments\" WHERE \"IndexId\" = $id";

    private static readonly ConcurrentDictionary<string, SqliteDocumentReads> ByConnectionString = new(StringComparer.Ordinal);

    private readonly string _connectionString;
    private readonly ConcurrentBag<Reader> _idle = [];

    private SqliteDocumentReads(string connectionString) => _connectionString = connectionString;

    internal static SqliteDocumentReads For(string connectionString) =>
        ByConnectionString.GetOrAdd(connectionString, static cs => new SqliteDocumentReads(cs));

    internal async Task<ChildDocument?> FindAsync(string indexId, CancellationToken cancellationToken)
    {
        var reader = _idle.TryTake(out var idle) ? idle : Reader.Open(_connectionString);
        var keep = false;
        try
        {
            var document = await reader.FindAsync(indexId, cancellationToken);
            keep = true;
            return document;
        }
        finally
        {
            // A reader that failed, or one too many, is closed rather than kept.
            if (keep && _idle.Count < Kept)
            {
                _idle.Add(reader);
            }
            else
            {
                reader.Dispose();
            }
        }
    }

    private sealed class Reader : IDisposable
    {
        private readonly SqliteConnection _connection;
        private readonly SqliteCommand _command;
        private readonly SqliteParameter _indexId;

        private Reader(SqliteConnection connection, SqliteCommand command, SqliteParameter indexId)
        {
            _connection = connection;
            _command = command;
            _indexId = indexId;
        }

        public static Reader Open(string connectionString)
        {
            // Outside the pool: this connection is ours for as long as it is kept.
            var connection = new SqliteConnection(new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ToString());
            connection.Open();
            var command = connection.CreateCommand();
            command.CommandText = Statement;
            var indexId = command.Parameters.Add("$id", SqliteType.Text);
            command.Prepare();
            return new Reader(connection, command, indexId);
        }

        public async Task<ChildDocument?> FindAsync(string indexId, CancellationToken cancellationToken)
        {
            _indexId.Value = indexId;
            await using var reader = await _command.ExecuteReaderAsync(cancellationToken);
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
        }

        public void Dispose()
        {
            _command.Dispose();
            _connection.Dispose();
        }
    }
}
