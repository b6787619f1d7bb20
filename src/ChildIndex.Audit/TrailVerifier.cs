using System.Security.Cryptography;
using ChildIndex.Contracts.V1;
using Google.Protobuf;

namespace ChildIndex.Audit;

/// <summary>The outcome of checking a trail: intact, or each problem found, naming the records.</summary>
public sealed record TrailVerification(bool Intact, long RecordsChecked, long CheckpointsChecked, IReadOnlyList<string> Problems);

/// <summary>
/// Checks a trail (records in order, with the leaf hashes stored when they were appended) against
/// its signed checkpoints, with nothing but the public key: the same check runs on the server
/// (VerifyAuditTrail) and offline on an export (`childindex audit verify`).
/// </summary>
/// <remarks>
/// Each kind of tampering shows differently. An edited record no longer hashes to its stored leaf
/// hash (or, if that was forged too, breaks the root of the first checkpoint after it); a deleted,
/// inserted or moved record breaks the run of sequence numbers that every record carries inside its
/// hashed bytes; a truncated tail leaves checkpoints larger than the trail. A checkpoint is trusted
/// only if its signature verifies.
/// </remarks>
public static class TrailVerifier
{
    public static TrailVerification Verify(IEnumerable<ExportedRecord> records, IReadOnlyList<SignedCheckpoint> checkpoints, ECDsa publicKey)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(checkpoints);
        ArgumentNullException.ThrowIfNull(publicKey);
        var problems = new List<string>();
        var keyId = CheckpointSignatures.KeyId(publicKey);
        var trusted = new SortedDictionary<long, SignedCheckpoint>();
        foreach (var checkpoint in checkpoints)
        {
            var content = new Checkpoint(checkpoint.TreeSize, checkpoint.RootHash.ToByteArray(), checkpoint.Time.ToDateTimeOffset());
            if (checkpoint.KeyId != keyId || !CheckpointSignatures.Verify(content, checkpoint.Signature.ToByteArray(), publicKey))
            {
                problems.Add($"checkpoint at tree size {checkpoint.TreeSize}: signature does not verify with key {keyId}: forged or altered checkpoint");
                continue;
            }

            trusted.TryAdd(checkpoint.TreeSize, checkpoint);
        }

        var range = new CompactRange();
        long position = 0;
        long? firstBadLeaf = null;
        var sequences = new List<long>();
        var pending = new Queue<SignedCheckpoint>(trusted.Values);
        foreach (var exported in records)
        {
            var sequence = SequenceOf(exported.Record);
            if (sequence is null)
            {
                problems.Add($"record at position {position}: not a readable audit record (forged or corrupted)");
            }
            else
            {
                sequences.Add(sequence.Value);
            }

            var leafHash = MerkleTree.LeafHash(exported.Record.Span);
            if (!leafHash.AsSpan().SequenceEqual(exported.LeafHash.Span))
            {
                problems.Add($"record {sequence ?? position}: its content no longer matches the hash stored when it was appended (edited record)");
                firstBadLeaf ??= position;
            }

            range.Append(leafHash);
            position++;
            while (pending.Count > 0 && pending.Peek().TreeSize == position)
            {
                var checkpoint = pending.Dequeue();
                if (!range.Root().AsSpan().SequenceEqual(checkpoint.RootHash.Span))
                {
                    problems.Add($"checkpoint at tree size {checkpoint.TreeSize}: records 0 to {checkpoint.TreeSize - 1} do not give its signed root, so some of them were altered, inserted, removed or reordered{(firstBadLeaf is { } bad ? $" (first bad record {bad})" : string.Empty)}");
                }
            }
        }

        problems.AddRange(SequenceProblems(sequences));
        if (pending.Count > 0)
        {
            var largest = pending.Max(c => c.TreeSize);
            problems.Add($"records {position} to {largest - 1} missing: a signed checkpoint covers {largest} records but the trail has {position} (truncated)");
        }
        else if (trusted.Count > 0 && position > trusted.Keys.Max())
        {
            problems.Add($"records {trusted.Keys.Max()} to {position - 1} are not covered by any signed checkpoint (an export ends at a checkpoint: inserted records?)");
        }

        if (trusted.Count == 0 && position > 0)
        {
            problems.Add("no checkpoint signed by the given key: nothing proves the trail");
        }

        return new TrailVerification(problems.Count == 0, position, trusted.Count, problems);
    }

    /// <summary>Every record carries its own position, inside its hashed bytes: deletions,
    /// insertions and moves show as gaps, repeats and inversions of that run.</summary>
    private static IEnumerable<string> SequenceProblems(List<long> sequences)
    {
        var seen = new HashSet<long>();
        foreach (var repeated in sequences.Where(s => !seen.Add(s)).Distinct())
        {
            yield return $"record {repeated} appears more than once: a forged record was inserted";
        }

        var expected = sequences.Count == 0 ? 0 : Math.Max(sequences.Max() + 1, sequences.Count);
        var missing = new List<long>();
        for (long s = 0; s < expected && missing.Count < 20; s++)
        {
            if (!seen.Contains(s))
            {
                missing.Add(s);
            }
        }

        if (missing.Count > 0)
        {
            yield return $"record{(missing.Count > 1 ? "s" : string.Empty)} {string.Join(", ", missing)} missing (deleted)";
        }

        for (var i = 1; i < sequences.Count; i++)
        {
            if (sequences[i] < sequences[i - 1] && seen.Contains(sequences[i]))
            {
                yield return $"record {sequences[i]} comes after record {sequences[i - 1]}: records were reordered";
            }
        }
    }

    private static long? SequenceOf(ByteString record)
    {
        try
        {
            return AuditRecord.Parser.ParseFrom(record).Sequence;
        }
        catch (InvalidProtocolBufferException)
        {
            return null;
        }
    }
}
