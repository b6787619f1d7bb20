using System.Globalization;
using System.Runtime.CompilerServices;
using ChildIndex.Audit;
using ChildIndex.Common.Errors;
using ChildIndex.Core.Access;
using ChildIndex.Core.Storage;
using ChildIndex.Core.Text;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.EntityFrameworkCore;
using V1 = ChildIndex.Contracts.V1;

namespace ChildIndex.Core.Audit;

/// <summary>Thresholds of the misuse report (configurable: MISUSE_*).</summary>
public sealed class MisuseOptions
{
    public int LookupsPerHour { get; set; } = 50;
    public int WorkingDayStartHour { get; set; } = 7;
    public int WorkingDayEndHour { get; set; } = 19;
}

/// <summary>What security officers ask of the trail. Only their role may; every call is itself audited.</summary>
public sealed class AuditQueries(ChildIndexDbContext db, AuditSigningKey key, MisuseOptions misuse)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 100;

    // A report reads at most this many look-ups: a longer range should be split.
    private const int MaxScanned = 200_000;
    private const int ReadChunk = 2_000;
    private static readonly string[] LookupActions = ["childindex.v1.ChildDirectory/SearchChildren", "childindex.v1.ChildDirectory/GetChild"];

    public async Task<V1.QueryAuditResponse> QueryAsync(V1.QueryAuditRequest request, Caller caller, CancellationToken cancellationToken)
    {
        Permissions.Demand(caller, DirectoryAction.QueryAudit);
        var violations = new Violations();
        var (pageSize, before) = Paging(request.PageSize, request.PageToken, violations);
        var query = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(request.ChildId))
        {
            var childId = Validation.FieldRules.ChildId(request.ChildId, "child_id", violations);
            var sequences = db.AuditChildLinks.Where(l => l.ChildId == childId).Select(l => l.Sequence);
            query = query.Where(e => sequences.Contains(e.Sequence));
        }

        var (fromMs, toMs) = TimeRange(request.From, request.To, violations);
        violations.ThrowIfAny();
        query = query.Where(e => e.TimeUnixMs >= fromMs && e.TimeUnixMs < toMs);
        if (!string.IsNullOrWhiteSpace(request.ActorSubject))
        {
            query = query.Where(e => e.ActorSubject == request.ActorSubject.Trim());
        }

        if (!string.IsNullOrWhiteSpace(request.OrganisationCode))
        {
            var organisation = request.OrganisationCode.Trim().ToUpperInvariant();
            query = query.Where(e => e.ActorOrganisation == organisation);
        }

        if (!string.IsNullOrWhiteSpace(request.Action))
        {
            var action = request.Action.Trim();
            query = action.Contains('/', StringComparison.Ordinal)
                ? query.Where(e => e.Action == action)
                : query.Where(e => e.Action.EndsWith("/" + action));
        }

        if (!string.IsNullOrWhiteSpace(request.Outcome))
        {
            var outcome = request.Outcome.Trim().ToUpperInvariant();
            query = query.Where(e => e.Outcome == outcome);
        }

        var page = await NewestFirstAsync(query, pageSize, before, cancellationToken);
        var response = new V1.QueryAuditResponse { NextPageToken = page.NextToken };
        response.Records.AddRange(page.Records);
        return response;
    }

    /// <summary>A time range in Unix milliseconds, open where a bound is missing; an empty or
    /// reversed range is a field violation rather than an answer that can hold nothing.</summary>
    private static (long FromMs, long ToMs) TimeRange(Timestamp? from, Timestamp? to, Violations violations)
    {
        var fromMs = from?.ToDateTimeOffset().ToUnixTimeMilliseconds() ?? long.MinValue;
        var toMs = to?.ToDateTimeOffset().ToUnixTimeMilliseconds() ?? long.MaxValue;
        if (fromMs >= toMs)
        {
            violations.Add("to", "must be after from");
        }

        return (fromMs, toMs);
    }

    public async Task<V1.WhoAccessedChildResponse> WhoAccessedAsync(V1.WhoAccessedChildRequest request, Caller caller, CancellationToken cancellationToken)
    {
        Permissions.Demand(caller, DirectoryAction.WhoAccessedChild);
        var violations = new Violations();
        var childId = Validation.FieldRules.ChildId(request.ChildId, "child_id", violations);
        var (pageSize, before) = Paging(request.PageSize, request.PageToken, violations);
        violations.ThrowIfAny();
        var sequences = db.AuditChildLinks.Where(l => l.ChildId == childId).Select(l => l.Sequence);
        var page = await NewestFirstAsync(db.AuditEntries.AsNoTracking().Where(e => sequences.Contains(e.Sequence)), pageSize, before, cancellationToken);
        var response = new V1.WhoAccessedChildResponse { NextPageToken = page.NextToken };
        response.Records.AddRange(page.Records);
        return response;
    }

    /// <summary>The public key, then every record up to the newest checkpoint, each checkpoint right
    /// after the record that completes it.</summary>
    public async IAsyncEnumerable<V1.AuditExportItem> ExportAsync(Caller caller, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Permissions.Demand(caller, DirectoryAction.ExportAudit);
        yield return new V1.AuditExportItem { PublicKey = ByteString.CopyFrom(key.Key.ExportSubjectPublicKeyInfo()) };
        var newest = await db.AuditCheckpoints.AsNoTracking().MaxAsync(c => (long?)c.TreeSize, cancellationToken) ?? 0;
        // Checkpoints signed after `newest` was read cover records this export does not hold.
        var checkpoints = new Queue<AuditCheckpointRow>(await db.AuditCheckpoints.AsNoTracking()
            .Where(c => c.TreeSize <= newest)
            .OrderBy(c => c.TreeSize)
            .ToListAsync(cancellationToken));
        await foreach (var entry in EntriesAsync(newest, cancellationToken))
        {
            yield return new V1.AuditExportItem { Record = new V1.ExportedRecord { Record = ByteString.CopyFrom(entry.Record), LeafHash = ByteString.CopyFrom(entry.LeafHash) } };
            // "<=", and every checkpoint left at the end: records missing from the table must not
            // take the checkpoints that cover them out of the export, or it would hide the loss.
            while (checkpoints.Count > 0 && checkpoints.Peek().TreeSize <= entry.Sequence + 1)
            {
                yield return new V1.AuditExportItem { Checkpoint = ToContract(checkpoints.Dequeue()) };
            }
        }

        while (checkpoints.Count > 0)
        {
            yield return new V1.AuditExportItem { Checkpoint = ToContract(checkpoints.Dequeue()) };
        }
    }

    public async Task<V1.VerifyAuditTrailResponse> VerifyAsync(Caller caller, CancellationToken cancellationToken)
    {
        Permissions.Demand(caller, DirectoryAction.VerifyAuditTrail);
        // Appends go on while the trail is read, and are signed every so often (the service seals
        // the head just before this call). So: the newest checkpoint first (the records it covers
        // are all committed), then the records it covers, then the checkpoints up to it. Records
        // appended since are for the next verification; records beyond the newest checkpoint when
        // nothing was sealed count as covered by none.
        var newestBefore = await db.AuditCheckpoints.AsNoTracking().MaxAsync(c => (long?)c.TreeSize, cancellationToken) ?? 0;
        var stored = await db.AuditEntries.MaxAsync(e => (long?)e.Sequence, cancellationToken) + 1 ?? 0;
        var size = newestBefore > 0 ? Math.Min(stored, newestBefore) : stored;
        var records = new List<V1.ExportedRecord>();
        await foreach (var entry in EntriesAsync(size, cancellationToken))
        {
            records.Add(new V1.ExportedRecord { Record = ByteString.CopyFrom(entry.Record), LeafHash = ByteString.CopyFrom(entry.LeafHash) });
        }

        var limit = Math.Max(size, newestBefore);
        var checkpoints = (await db.AuditCheckpoints.AsNoTracking().Where(c => c.TreeSize <= limit).OrderBy(c => c.TreeSize).ToListAsync(cancellationToken))
            .Select(ToContract)
            .ToList();

        using var publicKey = System.Security.Cryptography.ECDsa.Create();
        publicKey.ImportSubjectPublicKeyInfo(key.Key.ExportSubjectPublicKeyInfo(), out _);
        var result = TrailVerifier.Verify(records, checkpoints, publicKey);
        var response = new V1.VerifyAuditTrailResponse { Intact = result.Intact, RecordsChecked = result.RecordsChecked, CheckpointsChecked = result.CheckpointsChecked };
        response.Problems.AddRange(result.Problems);
        return response;
    }

    public async Task<V1.SignedCheckpoint> GetCheckpointAsync(V1.GetCheckpointRequest request, Caller caller, CancellationToken cancellationToken)
    {
        Permissions.Demand(caller, DirectoryAction.GetCheckpoint);
        return ToContract(await CheckpointAsync(request.TreeSize, atLeast: true, cancellationToken));
    }

    public async Task<V1.InclusionProof> GetInclusionProofAsync(V1.GetInclusionProofRequest request, Caller caller, CancellationToken cancellationToken)
    {
        Permissions.Demand(caller, DirectoryAction.GetInclusionProof);
        var checkpoint = await CheckpointAsync(request.TreeSize, atLeast: false, cancellationToken);
        if (request.Sequence < 0 || request.Sequence >= checkpoint.TreeSize)
        {
            throw DomainException.Invalid("sequence", $"must be a record of the checkpoint's tree: 0 to {checkpoint.TreeSize - 1}");
        }

        var leaves = await LeafHashesAsync(checkpoint.TreeSize, cancellationToken);
        var proof = new V1.InclusionProof { Sequence = request.Sequence, TreeSize = checkpoint.TreeSize, LeafHash = ByteString.CopyFrom(leaves[(int)request.Sequence]) };
        proof.Path.AddRange(MerkleTree.InclusionProof(leaves, request.Sequence).Select(ByteString.CopyFrom));
        return proof;
    }

    public async Task<V1.ConsistencyProof> GetConsistencyProofAsync(V1.GetConsistencyProofRequest request, Caller caller, CancellationToken cancellationToken)
    {
        Permissions.Demand(caller, DirectoryAction.GetConsistencyProof);
        var second = await CheckpointAsync(request.SecondSize, atLeast: false, cancellationToken);
        if (request.FirstSize < 1 || request.FirstSize > second.TreeSize)
        {
            throw DomainException.Invalid("first_size", $"must be between 1 and the second tree's size ({second.TreeSize})");
        }

        await CheckpointAsync(request.FirstSize, atLeast: false, cancellationToken);
        var leaves = await LeafHashesAsync(second.TreeSize, cancellationToken);
        var proof = new V1.ConsistencyProof { FirstSize = request.FirstSize, SecondSize = second.TreeSize };
        proof.Path.AddRange(MerkleTree.ConsistencyProof(leaves, request.FirstSize).Select(ByteString.CopyFrom));
        return proof;
    }

    /// <summary>
    /// Look-ups that a security officer should look at: more than the hourly threshold; a search for
    /// the user's own family name (staff "testing" the system on their families); look-ups outside
    /// working hours (UK time, weekends included); look-ups of shielded records by anyone but the
    /// index team, break-glass overrides told apart.
    /// </summary>
    public async Task<V1.MisuseReportResponse> MisuseReportAsync(V1.MisuseReportRequest request, Caller caller, CancellationToken cancellationToken)
    {
        Permissions.Demand(caller, DirectoryAction.MisuseReport);
        var violations = new Violations();
        var (fromMs, toMs) = TimeRange(request.From, request.To, violations);
        violations.ThrowIfAny();
        var lookups = (await db.AuditEntries.AsNoTracking()
                .Where(e => e.TimeUnixMs >= fromMs && e.TimeUnixMs < toMs && LookupActions.Contains(e.Action) && e.Outcome == "OK")
                .OrderBy(e => e.Sequence)
                .Take(MaxScanned)
                .Select(e => e.Record)
                .ToListAsync(cancellationToken))
            .Select(bytes => V1.AuditRecord.Parser.ParseFrom(bytes))
            .ToList();

        var response = new V1.MisuseReportResponse { Truncated = lookups.Count == MaxScanned };
        var london = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
        foreach (var byActor in lookups.GroupBy(r => r.Actor?.Subject ?? string.Empty).Where(g => g.Key.Length > 0))
        {
            var actor = byActor.First().Actor;
            foreach (var hour in BusyHours(byActor.OrderBy(r => r.Time.ToDateTimeOffset()).ToList(), misuse.LookupsPerHour))
            {
                var start = hour[0].Time.ToDateTimeOffset();
                response.Findings.Add(Finding(V1.MisuseFinding.Types.Kind.HighVolume, actor,
                    string.Create(CultureInfo.InvariantCulture, $"{hour.Count} look-ups between {start:yyyy-MM-dd HH:mm} and {start.AddHours(1):HH:mm} UTC (threshold {misuse.LookupsPerHour} an hour)"),
                    hour));
            }

            var ownFamily = FamilyKey(actor.DisplayName);
            var ownSearches = byActor.Where(r => ownFamily.Length > 0 && r.Search?.Name is { } name && NameFolding.Key(name.FamilyName) == ownFamily).ToList();
            if (ownSearches.Count > 0)
            {
                response.Findings.Add(Finding(V1.MisuseFinding.Types.Kind.OwnFamilyName, actor,
                    $"searched for the family name {ownFamily}, the user's own, {ownSearches.Count} time(s)", ownSearches));
            }

            var outOfHours = byActor.Where(r => OutOfHours(TimeZoneInfo.ConvertTime(r.Time.ToDateTimeOffset(), london))).ToList();
            if (outOfHours.Count > 0)
            {
                response.Findings.Add(Finding(V1.MisuseFinding.Types.Kind.OutOfHours, actor,
                    $"{outOfHours.Count} look-up(s) outside working hours ({misuse.WorkingDayStartHour:00}:00 to {misuse.WorkingDayEndHour:00}:00, Monday to Friday, UK time)", outOfHours));
            }

            if (ShieldedRecordFinding(actor, byActor) is { } shielded)
            {
                response.Findings.Add(shielded);
            }
        }

        return response;
    }

    public static V1.SignedCheckpoint ToContract(AuditCheckpointRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new V1.SignedCheckpoint
        {
            TreeSize = row.TreeSize,
            RootHash = ByteString.CopyFrom(row.RootHash),
            Time = Timestamp.FromDateTimeOffset(DateTimeOffset.FromUnixTimeSeconds(row.TimeUnixSeconds)),
            KeyId = row.KeyId,
            Signature = ByteString.CopyFrom(row.Signature),
        };
    }

    /// <summary>
    /// Runs of more than <paramref name="threshold"/> look-ups within any 60 minutes (a sliding
    /// window, not clock hours: look-ups either side of 10:00 count together), each run starting at
    /// its first look-up and holding every look-up of the hour after it; runs do not overlap.
    /// </summary>
    private static IEnumerable<List<V1.AuditRecord>> BusyHours(List<V1.AuditRecord> byTime, int threshold)
    {
        var start = 0;
        var end = 0;
        while (start < byTime.Count)
        {
            var windowEnd = byTime[start].Time.ToDateTimeOffset().AddHours(1);
            end = Math.Max(end, start);
            while (end < byTime.Count && byTime[end].Time.ToDateTimeOffset() < windowEnd)
            {
                end++;
            }

            if (end - start > threshold)
            {
                yield return byTime.GetRange(start, end - start);
                start = end;
            }
            else
            {
                start++;
            }
        }
    }

    /// <summary>Look-ups that found or opened shielded records, by anyone but the index team (whose
    /// work they are), with the break-glass overrides among them told apart.</summary>
    private static V1.MisuseFinding? ShieldedRecordFinding(V1.AuditActor actor, IEnumerable<V1.AuditRecord> lookups)
    {
        if (actor.Roles.Contains(Common.Security.Roles.IndexAdmin))
        {
            return null;
        }

        var shielded = lookups.Where(r => r.ShieldedChildIds.Count > 0).ToList();
        if (shielded.Count == 0)
        {
            return null;
        }

        var breakGlass = shielded.Where(r => r.BreakGlass).ToList();
        var summary = $"{shielded.Count - breakGlass.Count} look-up(s) of shielded records without break-glass ({Children(shielded.Where(r => !r.BreakGlass))}); " +
            $"{breakGlass.Count} under break-glass ({Children(breakGlass)})";
        return Finding(V1.MisuseFinding.Types.Kind.ShieldedRecord, actor, summary, shielded);

        static string Children(IEnumerable<V1.AuditRecord> records)
        {
            var ids = records.SelectMany(r => r.ShieldedChildIds).Distinct().ToList();
            return ids.Count switch
            {
                0 => "none",
                <= 10 => string.Join(", ", ids),
                _ => string.Join(", ", ids.Take(10)) + $" and {ids.Count - 10} more",
            };
        }
    }

    private bool OutOfHours(DateTimeOffset local) =>
        local.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday || local.Hour < misuse.WorkingDayStartHour || local.Hour >= misuse.WorkingDayEndHour;

    private static string FamilyKey(string displayName)
    {
        var words = displayName.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words.Length < 2 ? string.Empty : NameFolding.Key(words[^1]);
    }

    private static V1.MisuseFinding Finding(V1.MisuseFinding.Types.Kind kind, V1.AuditActor actor, string summary, IEnumerable<V1.AuditRecord> records)
    {
        var finding = new V1.MisuseFinding { Kind = kind, Actor = actor, Summary = summary };
        finding.Sequences.AddRange(records.Select(r => r.Sequence).Take(100));
        return finding;
    }

    private static (int PageSize, long Before) Paging(int requestedSize, string? pageToken, Violations violations)
    {
        var size = requestedSize == 0 ? DefaultPageSize : requestedSize;
        if (size is < 1 or > MaxPageSize)
        {
            violations.Add("page_size", $"must be 1 to {MaxPageSize}");
        }

        var before = long.MaxValue;
        if (!string.IsNullOrEmpty(pageToken) && !long.TryParse(pageToken, NumberStyles.None, CultureInfo.InvariantCulture, out before))
        {
            violations.Add("page_token", "must be a next_page_token from a previous response");
        }

        return (size, before);
    }

    private static async Task<(List<V1.AuditRecord> Records, string NextToken)> NewestFirstAsync(
        IQueryable<AuditEntry> query, int pageSize, long before, CancellationToken cancellationToken)
    {
        var entries = await query.Where(e => e.Sequence < before)
            .OrderByDescending(e => e.Sequence)
            .Take(pageSize + 1)
            .Select(e => new { e.Sequence, e.Record })
            .ToListAsync(cancellationToken);
        var records = entries.Take(pageSize).Select(e => V1.AuditRecord.Parser.ParseFrom(e.Record)).ToList();
        var next = entries.Count > pageSize ? entries[pageSize - 1].Sequence.ToString(CultureInfo.InvariantCulture) : string.Empty;
        return (records, next);
    }

    private async IAsyncEnumerable<AuditEntry> EntriesAsync(long size, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (long start = 0; start < size; start += ReadChunk)
        {
            var end = Math.Min(size, start + ReadChunk);
            var chunk = await db.AuditEntries.AsNoTracking()
                .Where(e => e.Sequence >= start && e.Sequence < end)
                .OrderBy(e => e.Sequence)
                .ToListAsync(cancellationToken);
            foreach (var entry in chunk)
            {
                yield return entry;
            }
        }
    }

    private async Task<List<byte[]>> LeafHashesAsync(long size, CancellationToken cancellationToken) =>
        await db.AuditEntries.AsNoTracking().Where(e => e.Sequence < size).OrderBy(e => e.Sequence).Select(e => e.LeafHash).ToListAsync(cancellationToken);

    private async Task<AuditCheckpointRow> CheckpointAsync(long treeSize, bool atLeast, CancellationToken cancellationToken)
    {
        var checkpoints = db.AuditCheckpoints.AsNoTracking();
        var checkpoint = treeSize <= 0
            ? await checkpoints.OrderByDescending(c => c.TreeSize).FirstOrDefaultAsync(cancellationToken)
            : atLeast
                ? await checkpoints.Where(c => c.TreeSize >= treeSize).OrderBy(c => c.TreeSize).FirstOrDefaultAsync(cancellationToken)
                : await checkpoints.SingleOrDefaultAsync(c => c.TreeSize == treeSize, cancellationToken);
        return checkpoint ?? throw new DomainException(DomainErrorKind.NotFound, treeSize <= 0
            ? "the trail has no checkpoint yet"
            : $"no checkpoint at tree size {treeSize.ToString(CultureInfo.InvariantCulture)}");
    }
}
