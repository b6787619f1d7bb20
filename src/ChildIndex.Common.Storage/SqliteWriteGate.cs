using System.Collections.Concurrent;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ChildIndex.Common.Storage;

/// <summary>
/// Single-writer discipline for SQLite: every transaction a process opens on a database file first
/// takes that file's one async lock, and gives it back when the transaction ends. SQLite allows one
/// writer at a time anyway; without the lock, the loser of a collision gets SQLITE_BUSY, and
/// Microsoft.Data.Sqlite answers that by sleeping 150 ms before it retries (dotnet/efcore#36658),
/// which is where the audit writer's and the registrations' p99s came from. Waiting on the lock
/// costs a hand-over instead. Readers take no lock (WAL lets them read while a writer commits).
/// Writers in other processes (the CLI's maintenance commands) still meet the busy handler.
/// </summary>
public sealed class SqliteWriteGate : IDbTransactionInterceptor, IDbConnectionInterceptor
{
    /// <summary>Longer than any transaction should ever take: past it the writer gives up with an
    /// error (the call then fails closed) rather than hanging.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(30);

    public static SqliteWriteGate Instance { get; } = new();

    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Locks = new(StringComparer.Ordinal);
    private readonly ConditionalWeakTable<DbConnection, SemaphoreSlim> _held = [];

    private SqliteWriteGate()
    {
    }

    public InterceptionResult<DbTransaction> TransactionStarting(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result)
    {
        var gate = LockFor(connection);
        if (!gate.Wait(MaxWait))
        {
            throw new TimeoutException("waited too long for the database's write lock");
        }

        Hold(connection, gate);
        return result;
    }

    public async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(
        DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
    {
        var gate = LockFor(connection);
        if (!await gate.WaitAsync(MaxWait, cancellationToken))
        {
            throw new TimeoutException("waited too long for the database's write lock");
        }

        Hold(connection, gate);
        return result;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Release(eventData.Context?.Database.GetDbConnection());

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Release(eventData.Context?.Database.GetDbConnection());
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Release(eventData.Context?.Database.GetDbConnection());

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Release(eventData.Context?.Database.GetDbConnection());
        return Task.CompletedTask;
    }

    // A failed BEGIN holds nothing. Other failures (a savepoint, a commit) leave the transaction to
    // be rolled back or its connection closed, which releases the lock.
    public void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData)
    {
        if (eventData.Action == "Start")
        {
            Release(eventData.Context?.Database.GetDbConnection());
        }
    }

    public Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        TransactionFailed(transaction, eventData);
        return Task.CompletedTask;
    }

    // A transaction disposed without commit or rollback ends when EF Core closes its connection.
    public void ConnectionClosed(DbConnection connection, ConnectionEndEventData eventData) => Release(connection);

    public Task ConnectionClosedAsync(DbConnection connection, ConnectionEndEventData eventData)
    {
        Release(connection);
        return Task.CompletedTask;
    }

    // And when a context is disposed with its connection still open (a connection it was told to keep open).
    public void ConnectionDisposed(DbConnection connection, ConnectionEndEventData eventData) => Release(connection);

    public Task ConnectionDisposedAsync(DbConnection connection, ConnectionEndEventData eventData)
    {
        Release(connection);
        return Task.CompletedTask;
    }

    private static SemaphoreSlim LockFor(DbConnection connection)
    {
        var file = new SqliteConnectionStringBuilder(connection.ConnectionString).DataSource;
        var key = file is ":memory:" or "" ? connection.ConnectionString : Path.GetFullPath(file);
        return Locks.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));
    }

    private void Hold(DbConnection connection, SemaphoreSlim gate)
    {
        lock (_held)
        {
            _held.AddOrUpdate(connection, gate);
        }
    }

    private void Release(DbConnection? connection)
    {
        SemaphoreSlim? gate;
        lock (_held)
        {
            if (connection is null || !_held.TryGetValue(connection, out gate))
            {
                return;
            }

            _held.Remove(connection);
        }

        gate.Release();
    }
}
