using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using ChildIndex.Common.Storage;
using ChildIndex.Core.ReadModel;
using ChildIndex.Core.Records;
using ChildIndex.Core.Storage;
using ChildIndex.Core.Time;
using ChildIndex.SyntheticData;
using Microsoft.EntityFrameworkCore;

namespace ChildIndex.Bench.Loading;

/// <summary>What a load did and how long each part took.</summary>
public sealed record LoadReport(int Children, long Rows, TimeSpan Migrate, TimeSpan Load, TimeSpan Finish, TimeSpan ProducerBusy, TimeSpan WriterBusy);

/// <summary>
/// Loads N synthetic children into a freshly migrated, empty directory database in large batches,
/// one transaction each, with change tracking reduced to what inserting needs. Generation (one
/// core) runs ahead of the writer (EF Core and the database, the other) through a small bounded
/// queue. No audit records and no idempotency records are written: a bulk load is not a call, and
/// idempotency records are pruned after the retry window (ADR 4).
/// </summary>
/// <param name="dryRun">Generate, validate and build keys, but write nothing: what the database side
/// costs is then the difference from a real load.</param>
public sealed class BulkLoader(DatabaseSettings database, int seed, DateOnly today, int batchSize, bool dryRun = false)
{
    public async Task<LoadReport> LoadAsync(int count, SampleWriter sample, Action<string> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sample);
        ArgumentNullException.ThrowIfNull(progress);
        var clock = Stopwatch.StartNew();
        await using var db = new ChildIndexDbContext(database.ContextOptions<ChildIndexDbContext>());
        await DatabaseMigrator.MigrateAsync(db, cancellationToken);
        if (await db.Children.AnyAsync(cancellationToken))
        {
            throw new InvalidOperationException("the directory database already holds children: the loader fills only a freshly migrated database");
        }

        var migrate = clock.Elapsed;
        await db.Database.OpenConnectionAsync(cancellationToken);
        if (database.Provider == DatabaseProvider.Sqlite)
        {
            // A large page cache keeps the random-order index inserts (index ids, names) in memory.
            // NORMAL is still crash-safe in WAL mode; it only skips a sync per commit.
            await db.Database.ExecuteSqlRawAsync("PRAGMA cache_size=-262144; PRAGMA synchronous=NORMAL;", cancellationToken);
        }

        // Inserting needs no snapshotting or change detection: every entity is new.
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        db.ChangeTracker.QueryTrackingBehavior = QueryTrackingBehavior.NoTracking;

        var queue = Channel.CreateBounded<List<Child>>(new BoundedChannelOptions(4) { SingleReader = true, SingleWriter = true });
        var producerBusy = TimeSpan.Zero;
        var producer = Task.Run(
            async () =>
            {
                try
                {
                    var busy = Stopwatch.StartNew();
                    var maker = new ChildMaker(seed, today, TimeProvider.System.StorableNow());
                    var batch = new List<Child>(batchSize);
                    var index = 0;
                    foreach (var generated in new SyntheticChildren(seed, today).Generate(0, count))
                    {
                        var child = maker.Make(index, generated);
                        sample.Offer(index, child);
                        batch.Add(child);
                        index++;
                        if (batch.Count == batchSize)
                        {
                            busy.Stop();
                            await queue.Writer.WriteAsync(batch, cancellationToken);
                            busy.Start();
                            batch = new List<Child>(batchSize);
                        }
                    }

                    if (batch.Count > 0)
                    {
                        await queue.Writer.WriteAsync(batch, cancellationToken);
                    }

                    producerBusy = busy.Elapsed;
                    queue.Writer.Complete();
                }
                catch (Exception error)
                {
                    queue.Writer.Complete(error);
                    throw;
                }
            },
            cancellationToken);

        var loadStart = clock.Elapsed;
        var writer = new Stopwatch();
        var written = 0;
        var nextReport = 100_000;
        await foreach (var batch in queue.Reader.ReadAllAsync(cancellationToken))
        {
            writer.Start();
            if (!dryRun)
            {
                db.Children.AddRange(batch);
                foreach (var child in batch)
                {
                    ChildDocuments.Stage(db, child);
                }

                await db.SaveChangesAsync(cancellationToken);
                db.ChangeTracker.Clear();
            }

            writer.Stop();
            written += batch.Count;
            if (written >= nextReport)
            {
                nextReport += 100_000;
                var seconds = (clock.Elapsed - loadStart).TotalSeconds;
                progress(string.Create(CultureInfo.InvariantCulture, $"{written:N0} children in {seconds:F0} s ({written / seconds:N0}/s)"));
            }
        }

        await producer;
        var load = clock.Elapsed - loadStart;

        var finishStart = clock.Elapsed;
        // Leave the database as a server would find it after a while: PostgreSQL's autovacuum would
        // analyse the new tables; SQLite folds the write-ahead log back into the file.
        var finish = database.Provider switch
        {
            DatabaseProvider.PostgreSql => "ANALYZE;",
            DatabaseProvider.Sqlite => "PRAGMA wal_checkpoint(TRUNCATE);",
            _ => "UPDATE STATISTICS [Children]; UPDATE STATISTICS [SearchKeys];",
        };
        await db.Database.ExecuteSqlRawAsync(finish, cancellationToken);
        var rows = await CountRowsAsync(db, cancellationToken);
        return new LoadReport(written, rows, migrate, load, clock.Elapsed - finishStart, producerBusy, writer.Elapsed);
    }

    private static async Task<long> CountRowsAsync(ChildIndexDbContext db, CancellationToken cancellationToken) =>
        await db.Children.LongCountAsync(cancellationToken)
        + await db.SearchKeys.LongCountAsync(cancellationToken)
        + await db.Carers.LongCountAsync(cancellationToken)
        + await db.OtherNames.LongCountAsync(cancellationToken)
        + await db.LocalIdentifiers.LongCountAsync(cancellationToken)
        + await db.Involvements.LongCountAsync(cancellationToken);
}
