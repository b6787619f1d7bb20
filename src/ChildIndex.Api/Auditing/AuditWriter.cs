using System.Threading.Channels;
using ChildIndex.Common.Storage;
using ChildIndex.Core.Audit;
using ChildIndex.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using V1 = ChildIndex.Contracts.V1;

namespace ChildIndex.Api.Auditing;

/// <summary>
/// The one component that appends to the audit trail outside a write's own transaction: every
/// look-up's and refusal's record, the identity server's events, and the signed checkpoints. It
/// owns a connection of its own with its statements kept prepared, and commits whatever has queued
/// while the previous commit was in flight as one transaction (group commit): callers wait until
/// their record is durably committed, so an answer never leaves before its record. Checkpoints are
/// signed when the <see cref="AuditCheckpointPolicy"/> says so; a timer signs whatever is left
/// unsigned once the interval passes, and the audit-trail RPCs seal (sign the current head) before
/// they read, so a security officer always sees every record covered.
/// </summary>
public sealed partial class AuditWriter(
    DatabaseSettings settings, AuditAppender appender, AuditWitnessing witnessing, AuditCheckpointPolicy policy, TimeProvider time, ILogger<AuditWriter> logger) : BackgroundService
{
    public const int MaxBatch = 512;

    private enum Kind
    {
        Record,
        Ingest,
        Seal,
        Tick,
    }

    private sealed record Item(Kind Kind, V1.AuditRecord? Record, IngestedEvents? Ingest, TaskCompletionSource<long> Done);

    /// <summary>Events read from the identity store after position <see cref="After"/>, up to <see cref="LastId"/>.</summary>
    public sealed record IngestedEvents(IReadOnlyList<V1.AuditRecord> Records, long After, long LastId);

    private readonly Channel<Item> _queue = Channel.CreateUnbounded<Item>(new UnboundedChannelOptions { SingleReader = true });
    private ChildIndexDbContext? _db;
    private AuditRows? _rows;

    /// <summary>Returns once the record is committed; throws when it could not be.</summary>
    public Task AppendAsync(V1.AuditRecord record, CancellationToken cancellationToken) =>
        EnqueueAsync(Kind.Record, record, null, cancellationToken);

    /// <summary>Appends identity events if the trail's position is still <c>After</c>, and moves it
    /// to <c>LastId</c> in the same transaction; returns how many were appended (0 if another
    /// instance took them first).</summary>
    public Task<long> AppendIngestedAsync(IngestedEvents events, CancellationToken cancellationToken) =>
        EnqueueAsync(Kind.Ingest, null, events, cancellationToken);

    /// <summary>Signs the trail's current head unless a checkpoint already covers it; returns the
    /// size the newest checkpoint covers.</summary>
    public Task<long> SealAsync(CancellationToken cancellationToken) =>
        EnqueueAsync(Kind.Seal, null, null, cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Before the first batch: the head as stored must extend what the witness holds.
        try
        {
            var (db, _) = await OpenAsync();
            await witnessing.CheckAtStartAsync(db, stoppingToken);
        }
#pragma warning disable CA1031 // A database that cannot be opened now fails the first batch instead, closed.
        catch (Exception error) when (error is not OperationCanceledException)
#pragma warning restore CA1031
        {
            LogAppendFailed(logger, 0, error);
            await CloseAsync();
            witnessing.StartWithoutCheck();
        }

        var ticking = TickAsync(stoppingToken);
        var batch = new List<Item>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync(CancellationToken.None))
        {
            batch.Clear();
            var records = 0;
            while (records < MaxBatch && _queue.Reader.TryRead(out var item))
            {
                batch.Add(item);
                records += item.Ingest?.Records.Count ?? (item.Record is null ? 0 : 1);
            }

            await CommitOrFailAsync(batch);
        }

        // Stopped: leave the trail signed to its end.
        await CommitOrFailAsync([new Item(Kind.Seal, null, null, new TaskCompletionSource<long>())]);
        await ticking;
        await CloseAsync();
    }

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        return base.StopAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _rows?.Dispose();
        _db?.Dispose();
        base.Dispose();
    }

    private async Task<long> EnqueueAsync(Kind kind, V1.AuditRecord? record, IngestedEvents? ingest, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite(new Item(kind, record, ingest, done)))
        {
            throw new InvalidOperationException("the audit trail is shutting down");
        }

        return await done.Task.WaitAsync(cancellationToken);
    }

    private async Task TickAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(policy.Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                _queue.Writer.TryWrite(new Item(Kind.Tick, null, null, new TaskCompletionSource<long>()));
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task CommitOrFailAsync(IReadOnlyList<Item> batch)
    {
        try
        {
            var results = await CommitAsync(batch);
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Done.TrySetResult(results[i]);
            }
        }
#pragma warning disable CA1031 // Any failure fails every waiting call closed: they answer UNAVAILABLE.
        catch (Exception error)
#pragma warning restore CA1031
        {
            LogAppendFailed(logger, batch.Count, error);
            await CloseAsync();
            foreach (var item in batch)
            {
                item.Done.TrySetException(error);
            }
        }
    }

    private async Task<long[]> CommitAsync(IReadOnlyList<Item> batch)
    {
        var (db, rows) = await OpenAsync();
        var results = new long[batch.Count];
        var forced = batch.Any(i => i.Kind == Kind.Seal);
        if (batch.All(i => i.Kind is Kind.Seal or Kind.Tick) && appender.SignedTreeSize is { } signedSize
            && await rows.TreeSizeAsync(CancellationToken.None) <= signedSize)
        {
            // Nothing unsigned: no transaction, no lock; only a witness that missed the newest checkpoint.
            await witnessing.PublishAsync(db, signedSize, CancellationToken.None);
            Array.Fill(results, signedSize);
            return results;
        }

        await using var transaction = await db.Database.BeginTransactionAsync();
        var dbTransaction = transaction.GetDbTransaction();
        var head = await rows.LockHeadAsync(dbTransaction, CancellationToken.None);
        var moved = false;
        var calls = batch.Where(i => i.Kind == Kind.Record).Select(i => i.Record!).ToList();
        if (calls.Count > 0)
        {
            head = await appender.AppendLockedAsync(rows, dbTransaction, head, calls, CancellationToken.None);
            moved = true;
        }

        for (var i = 0; i < batch.Count; i++)
        {
            if (batch[i].Ingest is { } events && head.LastAuthEventId == events.After)
            {
                // An authentication event's detail is the identity server's own words about a user, never a child.
                head = await appender.AppendLockedAsync(rows, dbTransaction, head, events.Records, CancellationToken.None, personalDetail: false) with { LastAuthEventId = events.LastId };
                results[i] = events.Records.Count;
                moved = true;
            }
        }

        if (moved)
        {
            await rows.UpdateHeadAsync(dbTransaction, head, CancellationToken.None);
        }

        var covered = await appender.SignIfDueAsync(db, rows, dbTransaction, head, forced, CancellationToken.None);
        await transaction.CommitAsync();
        await witnessing.PublishAsync(db, covered, CancellationToken.None);
        for (var i = 0; i < batch.Count; i++)
        {
            if (batch[i].Kind is Kind.Seal or Kind.Tick)
            {
                results[i] = covered;
            }
        }

        return results;
    }

    private async Task<(ChildIndexDbContext Db, AuditRows Rows)> OpenAsync()
    {
        if (_db is not null && _rows is not null)
        {
            return (_db, _rows);
        }

        var db = new ChildIndexDbContext(settings.ContextOptions<ChildIndexDbContext>());
        try
        {
            await db.Database.OpenConnectionAsync();
            if (settings.Provider == DatabaseProvider.Sqlite)
            {
                // The default already, said here because the promise depends on it: a commit is on disk.
                await db.Database.ExecuteSqlRawAsync("PRAGMA synchronous = FULL;");
                // Look-ups wait for their records: a bulk registration stream must not queue ahead.
                SqliteWriteGate.Instance.GoFirst(db.Database.GetDbConnection());
            }
        }
        catch
        {
            await db.DisposeAsync();
            throw;
        }

        (_db, _rows) = (db, new AuditRows(db.Database.GetDbConnection(), keepPrepared: true));
        return (_db, _rows);
    }

    /// <summary>After a failure the connection may be in any state: the next batch opens a fresh one.</summary>
    private async Task CloseAsync()
    {
        _rows?.Dispose();
        _rows = null;
        if (_db is not null)
        {
            // Closed first: a transaction that failed half-way ends with its connection, and so
            // does its hold on SQLite's write lock.
            try
            {
                await _db.Database.CloseConnectionAsync();
            }
#pragma warning disable CA1031 // Closing a broken connection may fail too; it is disposed either way.
            catch (Exception)
#pragma warning restore CA1031
            {
            }

            await _db.DisposeAsync();
            _db = null;
        }

        appender.Forget();
    }

    [LoggerMessage(3001, LogLevel.Error, "Could not append to the audit trail ({Count} waiting): their calls fail closed")]
    private static partial void LogAppendFailed(ILogger logger, int count, Exception error);
}
