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
/// Each kind of tampering shows differently, and each problem names the records concerned. An
/// edited record no longer hashes to its stored leaf hash; if that was forged too, the first
/// checkpoint after it no longer matches, while the one before it still does, which places the
/// change between the two (the service signs a checkpoint after every append, so usually at one
/// record). A deleted, inserted or moved record breaks the run of sequence numbers that every
/// record carries inside its hashed bytes (gaps, repeats, inversions), and breaks the roots the
/// same way. A truncated tail leaves checkpoints larger than the trail; records after the newest
/// checkpoint are covered by none. A checkpoint is trusted only if its signature verifies.
/// </remarks>
public static class TrailVerifier
{
    /// <summary>At most this many problems of one kind are listed.</summary>
    private const int MaxListed = 20;

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
            var content = new Checkpoint(checkpoint.TreeSize, checkpoint.RootHash.ToByteArray(), checkpoint.Time?.ToDateTimeOffset() ?? DateTimeOffset.UnixEpoch);
            if (checkpoint.Time is null || checkpoint.KeyId != keyId || !CheckpointSignatures.Verify(content, checkpoint.Signature.ToByteArray(), publicKey))
            {
                problems.Add($"checkpoint at tree size {checkpoint.TreeSize}: its signature does not verify with key {keyId}: a forged or altered checkpoint, not trusted");
                continue;
            }

            trusted.TryAdd(checkpoint.TreeSize, checkpoint);
        }

        var range = new CompactRange();
        long position = 0;
        var sequences = new List<(long Position, long Sequence)>();
        var pending = new Queue<SignedCheckpoint>(trusted.Values);

        // The size of the last checkpoint whose root the records gave: everything before it is as signed.
        long lastMatching = 0;
        var laterMismatches = new List<long>();
        var firstMismatch = false;
        void Check(SignedCheckpoint checkpoint)
        {
            if (range.Root().AsSpan().SequenceEqual(checkpoint.RootHash.Span))
            {
                lastMatching = checkpoint.TreeSize;
                return;
            }

            if (firstMismatch)
            {
                laterMismatches.Add(checkpoint.TreeSize);
                return;
            }

            firstMismatch = true;
            var suspects = lastMatching == checkpoint.TreeSize - 1
                ? $"record {lastMatching} was"
                : $"one or more of records {lastMatching} to {checkpoint.TreeSize - 1} were";
            var before = lastMatching > 0
                ? $" (records 0 to {lastMatching - 1} still match the checkpoint at tree size {lastMatching})"
                : string.Empty;
            problems.Add($"checkpoint at tree size {checkpoint.TreeSize}: the trail no longer gives its signed root: {suspects} altered, replaced, inserted, removed or moved{before}");
        }

        while (pending.Count > 0 && pending.Peek().TreeSize <= 0)
        {
            Check(pending.Dequeue());
        }

        foreach (var exported in records)
        {
            var sequence = SequenceOf(exported.Record);
            if (sequence is null)
            {
                problems.Add($"record at position {position}: not a readable audit record (forged or corrupted)");
            }
            else
            {
                sequences.Add((position, sequence.Value));
            }

            var leafHash = MerkleTree.LeafHash(exported.Record.Span);
            if (!leafHash.AsSpan().SequenceEqual(exported.LeafHash.Span))
            {
                problems.Add($"record {sequence ?? position}: its content no longer matches the hash stored when it was appended (edited record)");
            }

            range.Append(leafHash);
            position++;
            while (pending.Count > 0 && pending.Peek().TreeSize == position)
            {
                Check(pending.Dequeue());
            }
        }

        if (laterMismatches.Count > 0)
        {
            problems.Add(laterMismatches.Count == 1
                ? $"checkpoint at tree size {laterMismatches[0]}: does not match either (it covers the change above, or a further one)"
                : $"{laterMismatches.Count} later checkpoints, at tree sizes {laterMismatches[0]} to {laterMismatches[^1]}, do not match either (they cover the change above, or further ones)");
        }

        var newest = trusted.Count > 0 ? trusted.Keys.Max() : 0;
        problems.AddRange(SequenceProblems(sequences, newest, trusted.Count > 0));
        if (trusted.Count == 0 && position > 0)
        {
            problems.Add($"no checkpoint signed by key {keyId}: nothing proves records 0 to {position - 1}");
        }

        return new TrailVerification(problems.Count == 0, position, trusted.Count, problems);
    }

    /// <summary>Every record carries its own position inside its hashed bytes: deletions,
    /// insertions and moves show as gaps, repeats and inversions of that run, a truncated tail as
    /// records a checkpoint covers but the trail lacks.</summary>
    private static IEnumerable<string> SequenceProblems(List<(long Position, long Sequence)> sequences, long newestCheckpoint, bool anyCheckpoint)
    {
        foreach (var repeated in sequences.GroupBy(s => s.Sequence).Where(g => g.Count() > 1).Take(MaxListed))
        {
            yield return $"record {repeated.Key} appears {repeated.Count()} times (positions {string.Join(", ", repeated.Select(s => s.Position))}): a forged record was inserted";
        }

        var inversions = 0;
        for (var i = 1; i < sequences.Count && inversions < MaxListed; i++)
        {
            if (sequences[i].Sequence < sequences[i - 1].Sequence)
            {
                inversions++;
                yield return $"record {sequences[i].Sequence} comes after record {sequences[i - 1].Sequence} (position {sequences[i].Position}): records were reordered";
            }
        }

        // Gaps among the records a checkpoint covers are deletions; a missing end is truncation.
        // Records beyond the newest checkpoint are covered by none (without checkpoints, all count).
        var covered = sequences.Select(s => s.Sequence).Where(s => s >= 0 && (!anyCheckpoint || s < newestCheckpoint)).Distinct().Order().ToList();
        var gaps = 0;
        long expected = 0;
        foreach (var present in covered)
        {
            if (present > expected && ++gaps <= MaxListed)
            {
                yield return $"{Span(expected, present - 1)} missing (deleted)";
            }

            expected = present + 1;
        }

        if (gaps > MaxListed)
        {
            yield return $"{gaps - MaxListed} more runs of records missing: the trail is badly damaged";
        }

        if (anyCheckpoint && expected < newestCheckpoint)
        {
            yield return $"{Span(expected, newestCheckpoint - 1)} missing: the checkpoint at tree size {newestCheckpoint} covers them but the trail {(expected == 0 ? "has none of its records" : $"ends at record {expected - 1}")} (truncated)";
        }

        foreach (var negative in sequences.Where(s => s.Sequence < 0).Take(MaxListed))
        {
            yield return $"record at position {negative.Position}: sequence {negative.Sequence} is no position in a trail (forged)";
        }

        if (anyCheckpoint)
        {
            foreach (var (first, last) in Runs(sequences.Select(s => s.Sequence).Where(s => s >= newestCheckpoint).Distinct().Order()).Take(MaxListed))
            {
                yield return $"{Span(first, last)} not covered by any signed checkpoint (the newest covers records 0 to {newestCheckpoint - 1}): inserted or forged";
            }
        }
    }

    private static string Span(long first, long last) => first == last ? $"record {first}" : $"records {first} to {last}";

    /// <summary>Consecutive numbers, as (first, last) runs.</summary>
    private static IEnumerable<(long First, long Last)> Runs(IEnumerable<long> ascending)
    {
        long? first = null;
        long last = 0;
        foreach (var value in ascending)
        {
            if (first is not null && value == last + 1)
            {
                last = value;
                continue;
            }

            if (first is { } start)
            {
                yield return (start, last);
            }

            first = value;
            last = value;
        }

        if (first is { } tail)
        {
            yield return (tail, last);
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
