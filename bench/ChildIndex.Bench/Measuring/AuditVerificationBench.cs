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

/// <summary>How long <see cref="TrailVerifier.Verify"/> took over a trail.</summary>
public sealed record VerificationTiming(string Trail, long Records, long Checkpoints, TimeSpan Read, TimeSpan Verify, bool Intact)
{
    public double RecordsPerSecond => Records / Math.Max(Verify.TotalSeconds, 1e-9);
}

/// <summary>
/// Times the audit trail's verifier, the same code as VerifyAuditTrail and `childindex audit
/// verify`: over the trail a benchmark run left in the database, and over a synthetic trail of
/// look-up records built with ChildIndex.Audit the way AuditAppender builds them.
/// </summary>
public static class AuditVerificationBench
{
    public static async Task<VerificationTiming> FromDatabaseAsync(ChildIndexDbContext db, ECDsa publicKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var clock = Stopwatch.StartNew();
        var records = await db.AuditEntries.AsNoTracking().OrderBy(e => e.Sequence)
            .Select(e => new V1.ExportedRecord { Record = ByteString.CopyFrom(e.Record), LeafHash = ByteString.CopyFrom(e.LeafHash) })
            .ToListAsync(cancellationToken);
        var checkpoints = (await db.AuditCheckpoints.AsNoTracking().OrderBy(c => c.TreeSize).ToListAsync(cancellationToken))
            .Select(AuditQueries.ToContract).ToList();
        var read = clock.Elapsed;
        clock.Restart();
        var result = TrailVerifier.Verify(records, checkpoints, publicKey);
        return new VerificationTiming("this run's trail (read from the database)", result.RecordsChecked, result.CheckpointsChecked, read, clock.Elapsed, result.Intact);
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
        ChildIds = { $"K7Q2-{i % 10_000:D4}-4" },
        TraceId = $"{i:x32}",
        ClientAddress = "127.0.0.1",
        ServerInstance = "bench:1",
    };
}
