using System.Collections.Concurrent;
using ChildIndex.Common.Storage;
using ChildIndex.Core.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace ChildIndex.IntegrationTests.Storage;

/// <summary>
/// SQLite writers in one process take turns on the file's write lock instead of colliding: a writer
/// that would have met SQLITE_BUSY (and Microsoft.Data.Sqlite's 150 ms sleeps, here cut short by a
/// 1-second timeout so that a collision fails the test) waits for the lock and goes on.
/// </summary>
public sealed class SqliteWriteGateTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "childindex-tests", Guid.NewGuid().ToString("N"));

    public SqliteWriteGateTests() => Directory.CreateDirectory(_directory);

    [Fact]
    public async Task SecondWriter_WhileTheFirstHoldsItsTransaction_WaitsAndCommits_InsteadOfFailingBusy()
    {
        var file = await NewDatabaseAsync("a.db");
        await using var first = Context(file);
        await using var second = Context(file);

        await using var held = await first.Database.BeginTransactionAsync();
        await first.Database.ExecuteSqlRawAsync("INSERT INTO \"Items\" VALUES (1)");
        var waiting = Task.Run(async () =>
        {
            await using var transaction = await second.Database.BeginTransactionAsync();
            await second.Database.ExecuteSqlRawAsync("INSERT INTO \"Items\" VALUES (2)");
            await transaction.CommitAsync();
        });

        // Longer than the connection's busy timeout: without the gate the second writer fails BUSY.
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.False(waiting.IsCompleted);
        await held.CommitAsync();
        await waiting.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(2, await CountAsync(file));
    }

    [Fact]
    public async Task TransactionDisposedWithoutCommit_ReleasesTheLock()
    {
        var file = await NewDatabaseAsync("b.db");
        await using (var abandoned = Context(file))
        {
            await using var transaction = await abandoned.Database.BeginTransactionAsync();
            await abandoned.Database.ExecuteSqlRawAsync("INSERT INTO \"Items\" VALUES (1)");
        }

        await using var next = Context(file);
        await using (var transaction = await next.Database.BeginTransactionAsync().WaitAsync(TimeSpan.FromSeconds(5)))
        {
            await next.Database.ExecuteSqlRawAsync("INSERT INTO \"Items\" VALUES (2)");
            await transaction.CommitAsync();
        }

        Assert.Equal(1, await CountAsync(file));
    }

    [Fact]
    public async Task WritersOfDifferentFiles_DoNotWaitForEachOther()
    {
        var one = await NewDatabaseAsync("c.db");
        var other = await NewDatabaseAsync("d.db");
        await using var first = Context(one);
        await using var second = Context(other);

        await using var held = await first.Database.BeginTransactionAsync();
        await using (var transaction = await second.Database.BeginTransactionAsync().WaitAsync(TimeSpan.FromSeconds(5)))
        {
            await second.Database.ExecuteSqlRawAsync("INSERT INTO \"Items\" VALUES (1)");
            await transaction.CommitAsync();
        }

        await held.RollbackAsync();
        Assert.Equal(1, await CountAsync(other));
    }

    [Fact]
    public async Task WriterMarkedToGoFirst_IsGrantedTheLockBeforeWritersThatQueuedEarlier()
    {
        var file = await NewDatabaseAsync("e.db");
        await using var holder = Context(file);
        await using var bulk = Context(file);
        await using var audit = Context(file);
        SqliteWriteGate.Instance.GoFirst(audit.Database.GetDbConnection());
        var granted = new ConcurrentQueue<string>();

        await using var held = await holder.Database.BeginTransactionAsync();
        var bulkWrite = WriteAsync(bulk, "bulk", granted);
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        var auditWrite = WriteAsync(audit, "audit", granted);
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        Assert.Empty(granted);
        await held.CommitAsync();
        await Task.WhenAll(bulkWrite, auditWrite).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(["audit", "bulk"], granted);
    }

    [Fact]
    public async Task WaiterCancelledInTheQueue_IsPassedOver_AndTheNextWriterGetsTheLock()
    {
        var file = await NewDatabaseAsync("f.db");
        await using var holder = Context(file);
        await using var impatient = Context(file);
        await using var next = Context(file);
        var granted = new ConcurrentQueue<string>();

        await using var held = await holder.Database.BeginTransactionAsync();
        using var cancel = new CancellationTokenSource();
        var cancelled = impatient.Database.BeginTransactionAsync(cancel.Token);
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        var nextWrite = WriteAsync(next, "next", granted);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        await held.CommitAsync();
        await nextWrite.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(["next"], granted);
        Assert.Equal(1, await CountAsync(file));
    }

    private static async Task WriteAsync(ChildIndexDbContext db, string name, ConcurrentQueue<string> granted)
    {
        await using var transaction = await db.Database.BeginTransactionAsync();
        granted.Enqueue(name);
        await db.Database.ExecuteSqlRawAsync("INSERT INTO \"Items\" VALUES (1)");
        await transaction.CommitAsync();
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private async Task<string> NewDatabaseAsync(string name)
    {
        var file = Path.Combine(_directory, name);
        await using var connection = new SqliteConnection($"Data Source={file}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL; CREATE TABLE \"Items\" (\"Id\" INTEGER NOT NULL);";
        await command.ExecuteNonQueryAsync();
        return file;
    }

    private static async Task<long> CountAsync(string file)
    {
        await using var connection = new SqliteConnection($"Data Source={file}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM \"Items\"";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    // The directory's own settings, so the gate is the one the service uses.
    private static ChildIndexDbContext Context(string file) =>
        new(new DatabaseSettings(DatabaseProvider.Sqlite, $"Data Source={file};Default Timeout=1").ContextOptions<ChildIndexDbContext>());
}
