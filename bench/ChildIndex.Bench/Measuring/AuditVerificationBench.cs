using System.Diagnostics;
using System.Security.Cryptography;
using ChildIndex.Audit;
using ChildIndex.Core.Audit;
using ChildIndex.Core.Storage;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.EntityFrameworkCore;
using V1 = ChildIndex.Contracts.V1;

namespace ChildIndex.Bench.Measuring;

/// <summary>How long <see cref="TrailVerifier.Verify"/> took over a trail; the process's peak
/// resident memory (VmHWM) after it, when it read the trail from a database.</summary>
public sealed record VerificationTiming(string Trail, long Records, long Checkpoints, TimeSpan Read, TimeSpan Verify, bool Intact, long? PeakRssBytes = null, TimeSpan? Cpu = null)
{
    /// <summary>Records per second of CPU time (all threads): what the verifier would do per core
    /// on a machine nobody else uses, where the wall clock says what it did on this one.</summary>
    public double? RecordsPerCpuSecond => Cpu is { } cpu ? Records / Math.Max(cpu.TotalSeconds, 1e-9) : null;

    public double RecordsPerSecond => Records / Math.Max(Verify.TotalSeconds, 1e-9);
}

/// <summary>
/// Times the audit trail's verifier, the same code as VerifyAuditTrail and `childindex audit
/// verify`: over the trail a benchmark run left in the database, and over a synthetic trail of
/// look-up records built with ChildIndex.Audit the way AuditAppender builds them.
/// </summary>
public static class AuditVerificationBench
{
    /// <summary>VerifyAuditTrail's own code (<see cref="AuditVerification"/>): the stored trail
    /// streamed in pages, stored tree nodes checked, nothing held but a page.</summary>
    public static async Task<VerificationTiming> FromDatabaseAsync(ChildIndexDbContext db, ECDsa publicKey, int pageSize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var (result, reads) = await AuditVerification.VerifyStoredAsync(db, publicKey, pageSize, cancellationToken);
        var elapsed = clock.Elapsed;
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuBefore;
        foreach (var problem in result.Problems.Take(5))
        {
            // A figure for a trail that does not verify measures nothing: say why, beside the table.
            await Console.Error.WriteLineAsync($"not intact: {problem}");
        }

        return new VerificationTiming(
            $"the database's trail, streamed ({reads.RecordPages:N0} pages of up to {pageSize:N0} records; {reads.NodePages:N0} node pages)",
            result.RecordsChecked, result.CheckpointsChecked, TimeSpan.Zero, elapsed, result.Intact, PeakRss(), cpu);
    }

    /// <summary>
    /// Writes a synthetic trail of <paramref name="count"/> GetChild records into a migrated
    /// database as the audit writer would (leaf hashes, a signed checkpoint every
    /// <paramref name="checkpointEvery"/> records, the completed tree nodes, the head), in
    /// transactions of 20,000 records, with the child links the writer derives (verification checks them).
    /// </summary>
    public static async Task WriteSyntheticTrailAsync(ChildIndexDbContext db, int count, int checkpointEvery, ECDsa key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(key);
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync(cancellationToken);
        var keyId = CheckpointSignatures.KeyId(key);
        var range = new CompactRange();
        var nodes = new List<TreeNode>();
        var start = DateTimeOffset.UtcNow.AddDays(-30);
        const int Chunk = 20_000;
        for (var first = 0; first < count; first += Chunk)
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using var entry = Command(connection, transaction,
                "INSERT INTO \"AuditEntries\" (\"Sequence\", \"TimeUnixMs\", \"Action\", \"Outcome\", \"ActorSubject\", \"ActorOrganisation\", \"Record\", \"LeafHash\") VALUES (@s, @t, @a, @o, @as, @ao, @r, @l)",
                "s", "t", "a", "o", "as", "ao", "r", "l");
            await using var link = Command(connection, transaction, "INSERT INTO \"AuditChildLinks\" (\"ChildId\", \"Sequence\") VALUES (@c, @q)", "c", "q");
            await using var node = Command(connection, transaction, "INSERT INTO \"AuditTreeNodes\" (\"Level\", \"Index\", \"Hash\") VALUES (@v, @i, @h)", "v", "i", "h");
            await using var checkpoint = Command(connection, transaction,
                "INSERT INTO \"AuditCheckpoints\" (\"TreeSize\", \"RootHash\", \"TimeUnixSeconds\", \"KeyId\", \"Signature\") VALUES (@n, @root, @ts, @k, @sig)",
                "n", "root", "ts", "k", "sig");
            for (var i = first; i < Math.Min(count, first + Chunk); i++)
            {
                var time = start.AddMilliseconds(i * 10L);
                var record = LookupRecord(i, time);
                var bytes = record.ToByteArray();
                var leaf = MerkleTree.LeafHash(bytes);
                nodes.Clear();
                range.Append(leaf, nodes, MerkleNodes.StoredFromLevel);
                // The columns and links as the audit writer derives them: verification checks them against the record.
                var row = AuditRow.Of(record, bytes, leaf);
                await Run(entry, cancellationToken, row.Sequence, row.TimeUnixMs, row.Action, row.Outcome, row.ActorSubject!, row.ActorOrganisation!, bytes, leaf);
                foreach (var child in row.ChildIds)
                {
                    await Run(link, cancellationToken, child, row.Sequence);
                }
                foreach (var completed in nodes)
                {
                    await Run(node, cancellationToken, completed.Level, completed.Index, completed.Hash);
                }

                if ((i + 1) % checkpointEvery == 0 || i == count - 1)
                {
                    var content = new Checkpoint(range.Size, range.Root(), time);
                    await Run(checkpoint, cancellationToken, content.TreeSize, content.RootHash, content.Time.ToUnixTimeSeconds(), keyId, CheckpointSignatures.Sign(content, key));
                }
            }

            await transaction.CommitAsync(cancellationToken);
        }

        await db.AuditHeads.Where(h => h.Id == AuditHead.SingletonId).ExecuteUpdateAsync(
            s => s.SetProperty(h => h.TreeSize, range.Size).SetProperty(h => h.SubtreeHashes, range.SubtreeHashes.SelectMany(h => h).ToArray()),
            cancellationToken);
    }

    private static System.Data.Common.DbCommand Command(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    private static async Task Run(System.Data.Common.DbCommand command, CancellationToken cancellationToken, params object[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i];
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static long? PeakRss()
    {
        const string Status = "/proc/self/status";
        if (!File.Exists(Status))
        {
            return null;
        }

        var line = File.ReadLines(Status).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? null : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }

    /// <param name="checkpointEvery">Records per signed checkpoint: the group commit signs one per
    /// batch, up to 256 records under load, one per record when idle.</param>
    public static VerificationTiming Synthetic(int count, int checkpointEvery)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var clock = Stopwatch.StartNew();
        var records = new List<V1.ExportedRecord>(count);
        var checkpoints = new List<V1.SignedCheckpoint>(count / checkpointEvery + 1);
        var range = new CompactRange();
        var start = DateTimeOffset.UtcNow.AddDays(-1);
        for (var i = 0; i < count; i++)
        {
            var bytes = LookupRecord(i, start.AddMilliseconds(i)).ToByteArray();
            var leaf = MerkleTree.LeafHash(bytes);
            range.Append(leaf);
            records.Add(new V1.ExportedRecord { Record = ByteString.CopyFrom(bytes), LeafHash = ByteString.CopyFrom(leaf) });
            if ((i + 1) % checkpointEvery == 0 || i == count - 1)
            {
                var checkpoint = new Checkpoint(range.Size, range.Root(), start.AddMilliseconds(i));
                checkpoints.Add(new V1.SignedCheckpoint
                {
                    TreeSize = checkpoint.TreeSize,
                    RootHash = ByteString.CopyFrom(checkpoint.RootHash),
                    Time = Timestamp.FromDateTimeOffset(DateTimeOffset.FromUnixTimeSeconds(checkpoint.Time.ToUnixTimeSeconds())),
                    KeyId = CheckpointSignatures.KeyId(key),
                    Signature = ByteString.CopyFrom(CheckpointSignatures.Sign(checkpoint, key)),
                });
            }
        }

        var build = clock.Elapsed;
        clock.Restart();
        var result = TrailVerifier.Verify(records, checkpoints, key);
        return new VerificationTiming($"synthetic: {count:N0} GetChild records, a checkpoint every {checkpointEvery}", result.RecordsChecked, result.CheckpointsChecked, build, clock.Elapsed, result.Intact);
    }

    /// <summary>10,000 valid child ids, formatted as the interceptor records them: each record links
    /// its child, as a real look-up does, so verification reads and checks a link per record.</summary>
    private static readonly string[] ChildIds = [.. Enumerable.Range(0, 10_000).Select(ValidChildId)];

    private static string ValidChildId(int n)
    {
        foreach (var check in "0123456789ABCDEFGHJKMNPQRSTVWXYZ")
        {
            if (ChildIndex.Core.Identifiers.ChildId.TryParse($"K7Q2{n:D4}{check}", out var id))
            {
                return ChildIndex.Core.Identifiers.ChildId.Format(id);
            }
        }

        throw new InvalidOperationException("every payload has a check character");
    }

    /// <summary>A GetChild record as the interceptor writes one: actor, purpose, child, ids.</summary>
    private static V1.AuditRecord LookupRecord(int i, DateTimeOffset time) => new()
    {
        Sequence = i,
        Time = Timestamp.FromDateTimeOffset(time),
        Action = "childindex.v1.ChildDirectory/GetChild",
        Outcome = "OK",
        Actor = new V1.AuditActor
        {
            Subject = "0193a5b2-7c4e-7d1a-9f00-5e1d2c3b4a59",
            DisplayName = "Pat Okoro",
            OrganisationCode = "LS1234",
            OrganisationName = "Hyde Park Primary School",
            Roles = { "practitioner" },
            ClientId = "childindex-cli",
            PrincipalType = "user",
        },
        Purpose = new V1.AccessPurpose { Code = V1.AccessPurposeCode.ServiceDelivery },
        ChildIds = { ChildIds[i % ChildIds.Length] },
        TraceId = $"{i:x32}",
        ClientAddress = "127.0.0.1",
        ServerInstance = "bench:1",
    };
}
