using System.Threading.Channels;
using ChildIndex.Common.Storage;
using ChildIndex.Core.Audit;
using ChildIndex.Core.Storage;
using Microsoft.EntityFrameworkCore;
using V1 = ChildIndex.Contracts.V1;

namespace ChildIndex.Api.Auditing;

/// <summary>
/// Group commit for audit records that are not part of a write (look-ups, refusals): callers wait
/// until their record is durably committed, and every record that arrived meanwhile shares one
/// transaction, one head-row lock and one signed checkpoint. Under load the batches grow, so the
/// cost per record falls instead of the trail serialising the service.
/// </summary>
public sealed partial class AuditBatcher(IServiceScopeFactory scopes, AuditAppender appender, ILogger<AuditBatcher> logger) : BackgroundService
{
    public const int MaxBatch = 256;

    private readonly Channel<(V1.AuditRecord Record, TaskCompletionSource Committed)> _queue =
        Channel.CreateUnbounded<(V1.AuditRecord, TaskCompletionSource)>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Returns once the record is committed; throws when it could not be.</summary>
    public async Task AppendAsync(V1.AuditRecord record, CancellationToken cancellationToken)
    {
        var committed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite((record, committed)))
        {
            throw new InvalidOperationException("the audit trail is shutting down");
        }

        await committed.Task.WaitAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<(V1.AuditRecord Record, TaskCompletionSource Committed)>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync(CancellationToken.None))
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var item))
            {
                batch.Add(item);
            }

            try
            {
                await CommitAsync(batch);
                foreach (var (_, committed) in batch)
                {
                    committed.TrySetResult();
                }
            }
#pragma warning disable CA1031 // Any failure fails every waiting call closed: they answer UNAVAILABLE.
            catch (Exception error)
#pragma warning restore CA1031
            {
                LogAppendFailed(logger, batch.Count, error);
                foreach (var (_, committed) in batch)
                {
                    committed.TrySetException(error);
                }
            }

            if (stoppingToken.IsCancellationRequested && _queue.Reader.Count == 0)
            {
                break;
            }
        }
    }

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        return base.StopAsync(cancellationToken);
    }

    private async Task CommitAsync(IReadOnlyList<(V1.AuditRecord Record, TaskCompletionSource Committed)> batch)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ChildIndexDbContext>();
            try
            {
                await using var transaction = await db.Database.BeginTransactionAsync();
                await appender.AppendAsync(db, [.. batch.Select(b => b.Record)], CancellationToken.None);
                await transaction.CommitAsync();
                return;
            }
            catch (DbUpdateException error) when (attempt < 3 && StorageErrors.IsUniqueViolation(error))
            {
                // Another instance appended at the same sequence; the head lock normally prevents it.
            }
        }
    }

    [LoggerMessage(3001, LogLevel.Error, "Could not append {Count} audit records: their calls fail closed")]
    private static partial void LogAppendFailed(ILogger logger, int count, Exception error);
}
