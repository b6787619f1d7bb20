using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace ChildIndex.Core.Storage;

/// <summary>
/// Hot reads on SQLite beside EF Core: connections kept open outside the pool, each preparing a
/// statement once and keeping it. Through EF Core, every read took a connection from the pool (and
/// reset it on return) and Microsoft.Data.Sqlite prepared the statement afresh: together more than a
/// small read itself. For reads outside a transaction only, where a read on another connection sees
/// all that is committed (WAL).
/// </summary>
internal sealed class SqliteKeptConnections
{
    /// <summary>Idle connections kept per database; more are opened under load and closed after it.</summary>
    private const int Kept = 32;

    private static readonly ConcurrentDictionary<string, SqliteKeptConnections> ByConnectionString = new(StringComparer.Ordinal);

    private readonly string _connectionString;
    private readonly ConcurrentBag<KeptConnection> _idle = [];

    private SqliteKeptConnections(string connectionString) => _connectionString = connectionString;

    /// <summary>The kept connections for <paramref name="db"/>'s database, when a read may go on
    /// them: on SQLite, outside a transaction (inside one, the read must see the transaction's
    /// writes). Null otherwise: the read goes through EF Core.</summary>
    public static SqliteKeptConnections? For(DbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Database.IsSqlite() && db.Database.CurrentTransaction is null
            ? ByConnectionString.GetOrAdd(db.Database.GetConnectionString()!, static cs => new SqliteKeptConnections(cs))
            : null;
    }

    /// <summary>Runs <paramref name="read"/> on a kept connection, which goes back to the idle ones
    /// after, unless the read failed (its state is then unknown) or enough are idle already.</summary>
    public async Task<T> ReadAsync<TState, T>(TState state, Func<KeptConnection, TState, CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(read);
        var connection = _idle.TryTake(out var idle) ? idle : KeptConnection.Open(_connectionString);
        var keep = false;
        try
        {
            var result = await read(connection, state, cancellationToken);
            keep = true;
            return result;
        }
        finally
        {
            if (keep && _idle.Count < Kept)
            {
                _idle.Add(connection);
            }
            else
            {
                connection.Dispose();
            }
        }
    }
}

/// <summary>One kept connection and the statements prepared on it, by their text.</summary>
internal sealed class KeptConnection : IDisposable
{
    /// <summary>More than the service's statements (a document read, a candidate read, about twenty
    /// kinds of blocking): past it, something makes statements from values, and they are dropped.</summary>
    private const int MaxStatements = 64;

    private readonly SqliteConnection _connection;
    private readonly Dictionary<string, SqliteCommand> _prepared = new(StringComparer.Ordinal);

    private KeptConnection(SqliteConnection connection) => _connection = connection;

    public static KeptConnection Open(string connectionString)
    {
        // Outside the pool: this connection is ours for as long as it is kept.
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ToString());
        connection.Open();
        return new KeptConnection(connection);
    }

    /// <summary>The statement <paramref name="sql"/>, prepared on first use, with its parameters
    /// $p0, $p1, ... set to <paramref name="values"/>.</summary>
    public SqliteCommand Command(string sql, IReadOnlyList<object> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (!_prepared.TryGetValue(sql, out var command))
        {
            if (_prepared.Count >= MaxStatements)
            {
                DisposeCommands();
            }

            command = _connection.CreateCommand();
            command.CommandText = sql;
            for (var i = 0; i < values.Count; i++)
            {
                command.Parameters.Add(new SqliteParameter(Parameter(i), null));
            }

            command.Prepare();
            _prepared.Add(sql, command);
        }

        for (var i = 0; i < values.Count; i++)
        {
            command.Parameters[i].Value = values[i];
        }

        return command;
    }

    /// <summary>The name of the statement's parameter at <paramref name="position"/>.</summary>
    public static string Parameter(int position) => "$p" + position.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public void Dispose()
    {
        DisposeCommands();
        _connection.Dispose();
    }

    private void DisposeCommands()
    {
        foreach (var command in _prepared.Values)
        {
            command.Dispose();
        }

        _prepared.Clear();
    }
}
