using System.Security.Cryptography;
using ChildIndex.Audit;
using ChildIndex.Core.Access;
using ChildIndex.Core.Storage;
using Microsoft.EntityFrameworkCore;
using V1 = ChildIndex.Contracts.V1;

namespace ChildIndex.Core.Audit;

/// <summary>How a verification read the database: every read is a page of at most the page size.</summary>
public sealed record AuditReadStatistics(long RecordPages, int LargestRecordPage, long CheckpointPages, long NodePages);

/// <summary>
/// VerifyAuditTrail: the stored trail through <see cref="StreamingTrailVerifier"/>, read in pages
/// by sequence (keyset, so each page is an index range scan however far in), with the checkpoints
/// and the stored tree nodes merged in as the records reach them. Memory holds a page, the compact
/// range and the problems found, not the trail.
/// </summary>
public sealed class AuditVerification(ChildIndexDbContext db, AuditSigningKey key, AuditWitnessing witnessing)
{
    public const int DefaultPageSize = 4_096;

    /// <summary>Stored nodes named one by one before the rest are only counted.</summary>
    private const int MaxListed = 20;

    public async Task<V1.VerifyAuditTrailResponse> VerifyAsync(Caller caller, CancellationToken cancellationToken)
    {
        Permissions.Demand(caller, DirectoryAction.VerifyAuditTrail);
        var witnessed = await witnessing.LatestAsync(cancellationToken);
        var (result, _) = await VerifyStoredAsync(DefaultPageSize, witnessed, cancellationToken);
        var response = new V1.VerifyAuditTrailResponse
        {
            Intact = result.Intact && witnessing.Compromised is null,
            RecordsChecked = result.RecordsChecked,
            CheckpointsChecked = result.CheckpointsChecked,
            WitnessedTreeSize = witnessed?.TreeSize ?? 0,
            Witness = witnessing.WitnessDescription ?? string.Empty,
        };
        if (witnessing.Compromised is { } reason)
        {
            response.Problems.Add($"the service is failing closed: {reason}");
        }

        response.Problems.AddRange(result.Problems);
        return response;
    }

    public async Task<(TrailVerification Result, AuditReadStatistics Reads)> VerifyStoredAsync(int pageSize, V1.SignedCheckpoint? witnessed, CancellationToken cancellationToken)
    {
        using var publicKey = ECDsa.Create();
        publicKey.ImportSubjectPublicKeyInfo(key.Key.ExportSubjectPublicKeyInfo(), out _);
        return await VerifyStoredAsync(db, publicKey, pageSize, cancellationToken, witnessed);
    }

    /// <summary>The stored trail against checkpoints signed by <paramref name="publicKey"/> (the
    /// service's own, or one an auditor trusts), and against <paramref name="witnessed"/>, a
    /// checkpoint held outside the database, when there is one: the trust root.</summary>
    public static async Task<(TrailVerification Result, AuditReadStatistics Reads)> VerifyStoredAsync(
        ChildIndexDbContext db, ECDsa publicKey, int pageSize, CancellationToken cancellationToken, V1.SignedCheckpoint? witnessed = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(publicKey);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);

        // Appends go on while the trail is read, and are signed every so often (the service seals
        // the head just before this call). So: the newest checkpoint first (the records it covers
        // are all committed), then the records it covers, then the checkpoints up to it, or up to
        // the records read if the table holds fewer (a truncation). Records appended since are for
        // the next verification; without any checkpoint, every record counts as covered by none.
        var newestBefore = Math.Max(
            await db.AuditCheckpoints.AsNoTracking().MaxAsync(c => (long?)c.TreeSize, cancellationToken) ?? 0,
            witnessed?.TreeSize ?? 0);
        var stored = await db.AuditEntries.MaxAsync(e => (long?)e.Sequence, cancellationToken) + 1 ?? 0;
        var size = newestBefore > 0 ? Math.Min(stored, newestBefore) : stored;
        var limit = Math.Max(size, newestBefore);

        var verifier = new StreamingTrailVerifier(publicKey);
        var nodes = new NodeCheck(db, size, pageSize);
        var columns = new DerivedColumns();
        long recordPages = 0;
        var largestPage = 0;
        long checkpointPages = 0;

        // Checkpoints are read a page at a time ahead of the records (a page of them spans about a
        // million records), and given to the verifier as the records reach their tree sizes, with
        // the witness's among them in order.
        var checkpoints = new Queue<AuditCheckpointRow>();
        var checkpointsReadTo = long.MinValue;
        var checkpointsExhausted = false;
        var witnessPending = witnessed is not null;

        async Task CheckpointsUpToAsync(long upTo)
        {
            while (true)
            {
                while (checkpoints.TryPeek(out var checkpoint) && checkpoint.TreeSize <= upTo)
                {
                    checkpoints.Dequeue();
                    if (witnessPending && witnessed!.TreeSize <= checkpoint.TreeSize)
                    {
                        verifier.AddWitnessedCheckpoint(witnessed);
                        witnessPending = false;
                    }

                    verifier.AddCheckpoint(checkpoint.ToContract());
                }

                if (checkpoints.Count > 0 || checkpointsExhausted)
                {
                    break;
                }

                var after = checkpointsReadTo;
                var page = await db.AuditCheckpoints.AsNoTracking()
                    .Where(c => c.TreeSize > after && c.TreeSize <= limit)
                    .OrderBy(c => c.TreeSize)
                    .Take(pageSize)
                    .ToListAsync(cancellationToken);
                checkpointPages++;
                checkpointsExhausted = page.Count < pageSize;
                foreach (var checkpoint in page)
                {
                    checkpoints.Enqueue(checkpoint);
                }

                if (page.Count > 0)
                {
                    checkpointsReadTo = page[^1].TreeSize;
                }
            }

            // No stored checkpoint up to here is at or past the witness's: it comes now, before the
            // records pass it.
            if (witnessPending && witnessed!.TreeSize <= upTo)
            {
                verifier.AddWitnessedCheckpoint(witnessed);
                witnessPending = false;
            }
        }

        // Pages are read and prepared (hashed, columns checked) by one reader per core, each on a
        // connection of its own, ahead of the fold into the tree, which takes them in order.
        await using var pages = RecordPages.Start(db, size, pageSize, cancellationToken);
        while (await pages.NextAsync(cancellationToken) is { } page)
        {
            recordPages++;
            largestPage = Math.Max(largestPage, page.Records.Count);
            columns.CheckOrphanLinks(page.OrphanLinks);
            if (page.Records.Count == 0)
            {
                continue;
            }

            // Every checkpoint this page can reach, before its first record moves the tree on.
            await CheckpointsUpToAsync(Math.Min(limit, verifier.Position + page.Records.Count));
            for (var i = 0; i < page.Records.Count; i++)
            {
                var record = page.Records[i];
                foreach (var node in verifier.AddPrepared(page.Prepared[i], record.LeafHash))
                {
                    await nodes.CheckAsync(node);
                }

                if (!page.Matched[i])
                {
                    columns.Check(record, page.Derived[i], page.Links[record.Sequence]);
                }
            }
        }

        verifier.EndOfRecords();
        await CheckpointsUpToAsync(limit);
        await nodes.FinishAsync(cancellationToken);
        // Link rows outside the pages read, for records the trail does not hold (a record appended
        // since commits with its links, so only a forged row has none).
        columns.CheckOrphanLinks(await db.AuditChildLinks.AsNoTracking()
            .Where(l => (l.Sequence >= size || l.Sequence < 0) && !db.AuditEntries.Any(e => e.Sequence == l.Sequence))
            .Select(l => l.Sequence).Distinct().Take(MaxListed + 1).ToListAsync(cancellationToken));
        // Rows at negative sequences: no position in a trail, so no page reads them, yet a query
        // would find them. One INSERT there could frame someone; the queries leave such rows out.
        var outside = await db.AuditEntries.AsNoTracking().Where(e => e.Sequence < 0).OrderBy(e => e.Sequence)
            .Select(e => e.Sequence).Take(MaxListed + 1).ToListAsync(cancellationToken);
        var outsideProblems = outside.Count == 0
            ? []
            : new[] { $"{(outside.Count > MaxListed ? $"more than {MaxListed}" : outside.Count.ToString(System.Globalization.CultureInfo.InvariantCulture))} record row(s) at negative sequence numbers ({string.Join(", ", outside.Take(MaxListed))}): no position in a trail (forged)" };
        var result = verifier.Finish(nodes.Problems().Concat(columns.Problems()).Concat(outsideProblems));
        return (result, new AuditReadStatistics(recordPages, largestPage, checkpointPages, nodes.PagesRead));
    }

    /// <summary>A page of records as the fold takes it: each record's leaf hash and sequence number
    /// computed, its columns and links checked by <see cref="StoredAuditColumns"/> (Matched) or
    /// derived the slow way (Derived), and the page's links that name no record of it.</summary>
    private sealed record PreparedPage(
        List<AuditEntry> Records,
        ILookup<long, string> Links,
        StreamingTrailVerifier.PreparedRecord[] Prepared,
        bool[] Matched,
        AuditRow?[] Derived,
        List<long> OrphanLinks);

    /// <summary>
    /// The records below <c>size</c> and their child links, page by page in sequence order: page k
    /// holds sequences k·P to (k+1)·P − 1, a range (sequence is the key, so never more than P rows,
    /// fewer where records are missing). Reader r of n reads and prepares pages r, r+n, r+2n... on a
    /// connection of its own, a page ahead; the fold takes page k from reader k mod n. Plain commands:
    /// EF Core's materialisation of a million records cost a third of a verification. One reader
    /// with the hashing spread per page left the fold waiting on the database, and the hand-offs
    /// of per-page parallel loops cost more than the work.
    /// </summary>
    private sealed class RecordPages : IAsyncDisposable
    {
        private readonly System.Threading.Channels.Channel<PreparedPage>[] _readers;
        private readonly Task[] _tasks;
        private readonly CancellationTokenSource _stop;
        private readonly long _pages;
        private long _next;

        private RecordPages(int readers, long pages, CancellationToken cancellationToken)
        {
            _readers = new System.Threading.Channels.Channel<PreparedPage>[readers];
            _tasks = new Task[readers];
            _pages = pages;
            _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        }

        public static RecordPages Start(ChildIndexDbContext db, long size, int pageSize, CancellationToken cancellationToken)
        {
            var pages = (size + pageSize - 1) / pageSize;
            // A reader per core, up to four: past that the fold is the bottleneck, and each reader
            // holds a connection.
            var readers = (int)Math.Clamp(pages, 1, Math.Min(Environment.ProcessorCount, 4));
            var connectionString = db.Database.GetConnectionString();
            var factory = System.Data.Common.DbProviderFactories.GetFactory(db.Database.GetDbConnection())!;
            var started = new RecordPages(readers, pages, cancellationToken);
            for (var r = 0; r < readers; r++)
            {
                var channel = System.Threading.Channels.Channel.CreateBounded<PreparedPage>(
                    new System.Threading.Channels.BoundedChannelOptions(1) { SingleReader = true, SingleWriter = true });
                started._readers[r] = channel;
                var first = r;
                started._tasks[r] = Task.Run(async () =>
                {
                    try
                    {
                        await using var connection = factory.CreateConnection()!;
                        connection.ConnectionString = connectionString;
                        await connection.OpenAsync(started._stop.Token);
                        await ReadAsync(connection, size, pageSize, first, readers, channel.Writer, started._stop.Token);
                    }
                    finally
                    {
                        channel.Writer.TryComplete();
                    }
                }, CancellationToken.None);
            }

            return started;
        }

        /// <summary>The next page in order, or null after the last.</summary>
        public async Task<PreparedPage?> NextAsync(CancellationToken cancellationToken)
        {
            if (_next == _pages)
            {
                return null;
            }

            var reader = (int)(_next % _readers.Length);
            if (!await _readers[reader].Reader.WaitToReadAsync(cancellationToken) || !_readers[reader].Reader.TryRead(out var page))
            {
                // The reader stopped early: its task holds why.
                await _tasks[reader];
                throw new InvalidOperationException($"the audit page reader stopped before page {_next}");
            }

            _next++;
            return page;
        }

        private static async Task ReadAsync(System.Data.Common.DbConnection connection, long size, int pageSize, long first, int step, System.Threading.Channels.ChannelWriter<PreparedPage> pages, CancellationToken cancellationToken)
        {
            await using var entries = connection.CreateCommand();
            entries.CommandText =
                "SELECT \"Sequence\", \"TimeUnixMs\", \"Action\", \"Outcome\", \"ActorSubject\", \"ActorOrganisation\", \"Record\", \"LeafHash\" " +
                "FROM \"AuditEntries\" WHERE \"Sequence\" >= @from AND \"Sequence\" < @to ORDER BY \"Sequence\"";
            var from = Parameter(entries, "@from", 0L);
            var to = Parameter(entries, "@to", 0L);
            await using var links = connection.CreateCommand();
            links.CommandText = "SELECT \"Sequence\", \"ChildId\" FROM \"AuditChildLinks\" WHERE \"Sequence\" >= @from AND \"Sequence\" < @to";
            var linksFrom = Parameter(links, "@from", 0L);
            var linksTo = Parameter(links, "@to", 0L);
            await entries.PrepareAsync(cancellationToken);
            await links.PrepareAsync(cancellationToken);

            for (var k = first; k * pageSize < size; k += step)
            {
                var start = k * pageSize;
                var end = Math.Min(size, start + pageSize);
                from.Value = linksFrom.Value = start;
                to.Value = linksTo.Value = end;
                var page = new List<AuditEntry>(pageSize);
                await using (var reader = await entries.ExecuteReaderAsync(cancellationToken))
                {
                    while (await reader.ReadAsync(cancellationToken))
                    {
                        page.Add(new AuditEntry
                        {
                            Sequence = reader.GetInt64(0),
                            TimeUnixMs = reader.GetInt64(1),
                            Action = reader.GetString(2),
                            Outcome = reader.GetString(3),
                            ActorSubject = reader.IsDBNull(4) ? null : reader.GetString(4),
                            ActorOrganisation = reader.IsDBNull(5) ? null : reader.GetString(5),
                            Record = reader.GetFieldValue<byte[]>(6),
                            LeafHash = reader.GetFieldValue<byte[]>(7),
                        });
                    }
                }

                var linked = new List<(long Sequence, string ChildId)>();
                await using (var reader = await links.ExecuteReaderAsync(cancellationToken))
                {
                    while (await reader.ReadAsync(cancellationToken))
                    {
                        linked.Add((reader.GetInt64(0), reader.GetString(1)));
                    }
                }

                await pages.WriteAsync(Prepare(page, linked.ToLookup(l => l.Sequence, l => l.ChildId)), cancellationToken);
            }
        }

        /// <summary>What needs no other page: hashing each record, reading its sequence number,
        /// checking its columns and links.</summary>
        private static PreparedPage Prepare(List<AuditEntry> page, ILookup<long, string> links)
        {
            var prepared = new StreamingTrailVerifier.PreparedRecord[page.Count];
            var matched = new bool[page.Count];
            var derived = new AuditRow?[page.Count];
            var read = new HashSet<long>(page.Count);
            for (var i = 0; i < page.Count; i++)
            {
                var record = page[i];
                read.Add(record.Sequence);
                prepared[i] = StreamingTrailVerifier.Prepare(record.Record);
                matched[i] = StoredAuditColumns.Match(record, links[record.Sequence]);
                if (!matched[i])
                {
                    derived[i] = DerivedColumns.Derive(record.Record);
                }
            }

            var orphans = links.Select(g => g.Key).Where(s => !read.Contains(s)).ToList();
            return new PreparedPage(page, links, prepared, matched, derived, orphans);
        }

        private static System.Data.Common.DbParameter Parameter(System.Data.Common.DbCommand command, string name, object value)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
            return parameter;
        }

        public async ValueTask DisposeAsync()
        {
            // The caller stopped early (a failure, a cancellation): the readers stop too.
            await _stop.CancelAsync();
            foreach (var task in _tasks)
            {
                try
                {
                    await task;
                }
#pragma warning disable CA1031 // A reader's failure has been rethrown to the caller by NextAsync, or the caller failed first.
                catch (Exception)
#pragma warning restore CA1031
                {
                }
            }

            _stop.Dispose();
        }
    }

    /// <summary>
    /// The columns queries filter on (time, action, outcome, actor, organisation) and the child-link
    /// rows WhoAccessedChild reads, against what the hashed record says: an altered column or a
    /// deleted link hides an access from the security officers' screens, a forged link frames
    /// someone, and neither changes a hash.
    /// </summary>
    private sealed class DerivedColumns
    {
        private readonly List<string> _listed = [];
        private long _altered;
        private long _linkProblems;

        public static AuditRow? Derive(byte[] bytes)
        {
            try
            {
                return AuditRow.Of(V1.AuditRecord.Parser.ParseFrom(bytes), bytes, []);
            }
#pragma warning disable CA1031 // An unreadable record (or one with an impossible time) is reported by the trail's own check.
            catch (Exception)
#pragma warning restore CA1031
            {
                return null;
            }
        }

        public void Check(AuditEntry stored, AuditRow? derived, IEnumerable<string> links)
        {
            if (derived is null)
            {
                return;
            }

            var differing = new List<string>(5);
            if (stored.TimeUnixMs != derived.TimeUnixMs)
            {
                differing.Add(nameof(stored.TimeUnixMs));
            }

            if (stored.Action != derived.Action)
            {
                differing.Add(nameof(stored.Action));
            }

            if (stored.Outcome != derived.Outcome)
            {
                differing.Add(nameof(stored.Outcome));
            }

            if (stored.ActorSubject != derived.ActorSubject)
            {
                differing.Add(nameof(stored.ActorSubject));
            }

            if (stored.ActorOrganisation != derived.ActorOrganisation)
            {
                differing.Add(nameof(stored.ActorOrganisation));
            }

            if (differing.Count > 0 && ++_altered <= MaxListed)
            {
                _listed.Add($"record {stored.Sequence}: its stored {string.Join(", ", differing)} differ from the hashed record (altered columns: queries that filter on them misreport this record)");
            }

            var storedLinks = links.ToHashSet(StringComparer.Ordinal);
            var extra = storedLinks.Count(l => !derived.ChildIds.Contains(l, StringComparer.Ordinal));
            var missing = derived.ChildIds.Count(l => !storedLinks.Contains(l));
            if ((extra > 0 || missing > 0) && ++_linkProblems <= MaxListed)
            {
                _listed.Add($"record {stored.Sequence}: its child links differ from the hashed record: {extra} extra (forged: an access it never made), {missing} missing (an access hidden from WhoAccessedChild)");
            }
        }

        public void CheckOrphanLinks(IEnumerable<long> sequences)
        {
            foreach (var sequence in sequences)
            {
                if (++_linkProblems <= MaxListed)
                {
                    _listed.Add($"child links for record {sequence}, which the trail does not hold (forged links)");
                }
            }
        }

        public IEnumerable<string> Problems()
        {
            foreach (var problem in _listed)
            {
                yield return problem;
            }

            if (_altered > MaxListed)
            {
                yield return $"{_altered - MaxListed} more records with altered columns";
            }

            if (_linkProblems > MaxListed)
            {
                yield return $"{_linkProblems - MaxListed} more records whose child links differ from the hashed record";
            }
        }
    }

    /// <summary>The stored tree nodes against the tree the stored leaf hashes give: altered,
    /// missing, and rows no complete subtree of the trail has.</summary>
    private sealed class NodeCheck(ChildIndexDbContext db, long size, int pageSize)
    {
        private readonly StoredNodeCursors _cursors = new(db, size, pageSize);
        private readonly List<string> _altered = [];
        private readonly List<string> _forged = [];
        private long _alteredCount;
        private long _forgedCount;
        private long _missingCount;
        private NodeId? _firstMissing;
        private long _extraPages;

        public long PagesRead => _cursors.PagesRead + _extraPages;

        public async Task CheckAsync(TreeNode computed)
        {
            var (unmatched, stored) = await _cursors.NextAsync(computed.Id);
            foreach (var index in unmatched)
            {
                Forged(new NodeId(computed.Level, index));
            }

            if (stored is null)
            {
                if (_missingCount++ == 0)
                {
                    _firstMissing = computed.Id;
                }
            }
            else if (!stored.AsSpan().SequenceEqual(computed.Hash) && ++_alteredCount <= MaxListed)
            {
                _altered.Add($"tree node at level {computed.Level}, index {computed.Index} ({Records(computed.Id)}): its stored hash is not the one the records give (an altered node: proofs through it would not verify)");
            }
        }

        /// <summary>Rows beyond the subtrees the records read complete: a node appended since the
        /// records were read has its last record committed with it; any other is forged.</summary>
        public async Task FinishAsync(CancellationToken cancellationToken)
        {
            int? level = int.MinValue;
            while (true)
            {
                var previous = level.Value;
                level = await db.AuditTreeNodes.AsNoTracking().Where(n => n.Level > previous).MinAsync(n => (int?)n.Level, cancellationToken);
                if (level is not { } current)
                {
                    return;
                }

                var from = current is >= MerkleNodes.StoredFromLevel and < 63 ? size >> current : long.MinValue;
                var after = long.MinValue;
                while (true)
                {
                    var start = after;
                    var page = await db.AuditTreeNodes.AsNoTracking()
                        .Where(n => n.Level == current && n.Index >= from && n.Index > start)
                        .OrderBy(n => n.Index)
                        .Take(pageSize)
                        .Select(n => n.Index)
                        .ToListAsync(cancellationToken);
                    _extraPages++;
                    if (page.Count == 0)
                    {
                        break;
                    }

                    var end = await db.AuditEntries.MaxAsync(e => (long?)e.Sequence, cancellationToken) + 1 ?? 0;
                    foreach (var index in page)
                    {
                        var id = new NodeId(current, index);
                        if (current is < MerkleNodes.StoredFromLevel or >= 63 || index < 0 || id.EndLeaf > end)
                        {
                            Forged(id);
                        }
                    }

                    after = page[^1];
                    if (page.Count < pageSize)
                    {
                        break;
                    }
                }
            }
        }

        public IEnumerable<string> Problems()
        {
            foreach (var altered in _altered)
            {
                yield return altered;
            }

            if (_alteredCount > MaxListed)
            {
                yield return $"{_alteredCount - MaxListed} more tree nodes altered";
            }

            if (_firstMissing is { } first)
            {
                yield return $"{_missingCount} stored tree node(s) missing, the first at level {first.Level}, index {first.Index} ({Records(first)}): deleted, or stored before the trail kept them (run `ChildIndex.Api backfill-audit-nodes`)";
            }

            foreach (var forged in _forged)
            {
                yield return forged;
            }

            if (_forgedCount > MaxListed)
            {
                yield return $"{_forgedCount - MaxListed} more tree nodes of no subtree of the trail (forged)";
            }
        }

        private void Forged(NodeId id)
        {
            if (++_forgedCount <= MaxListed)
            {
                _forged.Add($"tree node at level {id.Level}, index {id.Index}: the trail has no such complete subtree (a forged node)");
            }
        }

        private static string Records(NodeId id) => $"records {id.FirstLeaf} to {id.EndLeaf - 1}";
    }
}
