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
/// A connection marked with <see cref="GoFirst"/> (the audit writer's) is granted the lock before
/// any other waiter: every look-up's answer waits for its audit record, and a bulk registration
/// stream would otherwise put each group commit behind a queue of whole registration batches.
/// </summary>
public sealed class SqliteWriteGate : IDbTransactionInterceptor, IDbConnectionInterceptor
{
    /// <summary>Longer than any transaction should ever take: past it the writer gives up with an
    /// error (the call then fails closed) rather than hanging.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(30);

    public static SqliteWriteGate Instance { get; } = new();

    private static readonly ConcurrentDictionary<string, WriteLock> Locks = new(StringComparer.Ordinal);
    private readonly ConditionalWeakTable<DbConnection, WriteLock> _held = [];
    private readonly ConditionalWeakTable<DbConnection, object> _first = [];

    private SqliteWriteGate()
    {
    }

    /// <summary>Grants <paramref name="connection"/>'s transactions the lock ahead of every other waiter.</summary>
    public void GoFirst(DbConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _first.AddOrUpdate(connection, connection);
    }

    public InterceptionResult<DbTransaction> TransactionStarting(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result)
    {
        var gate = LockFor(connection);
        if (!gate.Wait(_first.TryGetValue(connection, out _), MaxWait))
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
        if (!await gate.WaitAsync(_first.TryGetValue(connection, out _), MaxWait, cancellationToken))
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

    private static WriteLock LockFor(DbConnection connection)
    {
        var file = new SqliteConnectionStringBuilder(connection.ConnectionString).DataSource;
        var key = file is ":memory:" or "" ? connection.ConnectionString : Path.GetFullPath(file);
        return Locks.GetOrAdd(key, _ => new WriteLock());
    }

    private void Hold(DbConnection connection, WriteLock gate)
    {
        lock (_held)
        {
            _held.AddOrUpdate(connection, gate);
        }
    }

    private void Release(DbConnection? connection)
    {
        WriteLock? gate;
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

    /// <summary>One holder at a time; waiters that go first are granted before the others, each
    /// queue in arrival order.</summary>
    private sealed class WriteLock
    {
        private readonly Queue<TaskCompletionSource> _first = new();
        private readonly Queue<TaskCompletionSource> _others = new();
        private bool _held;

        public bool Wait(bool first, TimeSpan timeout)
        {
            var turn = Enqueue(first);
            return turn.Task.Wait(timeout) || GiveUp(turn);
        }

        public async Task<bool> WaitAsync(bool first, TimeSpan timeout, CancellationToken cancellationToken)
        {
            var turn = Enqueue(first);
            try
            {
                await turn.Task.WaitAsync(timeout, cancellationToken);
                return true;
            }
            catch (TimeoutException)
            {
                return GiveUp(turn);
            }
            catch (OperationCanceledException)
            {
                GiveUp(turn);
                throw;
            }
        }

        public void Release()
        {
            lock (_first)
            {
                // A waiter that gave up has its turn cancelled already and is passed over.
                while (_first.TryDequeue(out var next) || _others.TryDequeue(out next))
                {
                    if (next.TrySetResult())
                    {
                        return;
                    }
                }

                _held = false;
            }
        }

        private TaskCompletionSource Enqueue(bool first)
        {
            var turn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_first)
            {
                if (!_held)
                {
                    _held = true;
                    turn.SetResult();
                }
                else
                {
                    (first ? _first : _others).Enqueue(turn);
                }
            }

            return turn;
        }

        /// <summary>Withdraws a waiter whose wait ended; a turn granted as it ended is passed on.
        /// Always false: the waiter does not hold the lock.</summary>
        private bool GiveUp(TaskCompletionSource turn)
        {
            if (!turn.TrySetCanceled())
            {
                Release();
            }

            return false;
        }
    }
}
