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
    /// <param name="witnessed">A checkpoint held by a witness, outside the database the export came
    /// from: the trust root, checked before any stored checkpoint of its size.</param>
    public static TrailVerification Verify(IEnumerable<ExportedRecord> records, IReadOnlyList<SignedCheckpoint> checkpoints, ECDsa publicKey, SignedCheckpoint? witnessed = null)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(checkpoints);
        ArgumentNullException.ThrowIfNull(publicKey);
        var verifier = new StreamingTrailVerifier(publicKey);

        // An export lists each checkpoint after the record that completes it, but a file may hold
        // them in any order: the stream needs them by tree size.
        var all = checkpoints.Select(c => (Checkpoint: c, Witnessed: false));
        if (witnessed is not null)
        {
            all = all.Append((witnessed, true));
        }

        using var pending = all.OrderBy(c => c.Checkpoint.TreeSize).ThenBy(c => !c.Witnessed).GetEnumerator();
        (SignedCheckpoint Checkpoint, bool Witnessed)? next = pending.MoveNext() ? pending.Current : null;
        void Feed(long upTo)
        {
            while (next is { } item && item.Checkpoint.TreeSize <= upTo)
            {
                if (item.Witnessed)
                {
                    verifier.AddWitnessedCheckpoint(item.Checkpoint);
                }
                else
                {
                    verifier.AddCheckpoint(item.Checkpoint);
                }

                next = pending.MoveNext() ? pending.Current : null;
            }
        }

        foreach (var exported in records)
        {
            Feed(verifier.Position + 1);
            verifier.AddRecord(exported.Record.Span, exported.LeafHash.Span);
        }

        verifier.EndOfRecords();
        Feed(long.MaxValue);
        return verifier.Finish();
    }
}

/// <summary>
/// The verifier as a stream, in memory that does not grow with the trail: records in trail order,
/// each checkpoint given before the record that would take the trail past its tree size (in
/// ascending tree size), then <see cref="EndOfRecords"/>, the remaining checkpoints, and
/// <see cref="Finish"/>. It keeps the compact range (one hash per level), the checkpoints not yet
/// reached, and the breaks in the run of sequence numbers: a trail as written has none, each
/// deletion, insertion or move makes one or two.
/// </summary>
public sealed class StreamingTrailVerifier(ECDsa publicKey)
{
    /// <summary>At most this many problems of one kind are listed.</summary>
    private const int MaxListed = 20;

    /// <summary>Records and checkpoints named one by one before the rest are only counted.</summary>
    private const int MaxNamed = 1_000;

    /// <summary>Breaks in the run of sequence numbers tracked; past that the trail is wrecked and the
    /// rest is counted, so that a forger cannot exhaust the server's memory through the verifier.</summary>
    private const int MaxBreaks = 100_000;

    private readonly string _keyId = CheckpointSignatures.KeyId(publicKey);
    private readonly List<string> _signatureProblems = [];
    private readonly List<string> _problems = [];
    private readonly Queue<SignedCheckpoint> _pending = new();
    private readonly CompactRange _range = new();
    private readonly List<TreeNode> _completed = [];
    private readonly List<string> _inversions = [];
    private readonly List<SequenceRun> _runs = [];

    // The tree of the stored leaf hashes, once one differs from its record's hash: the stored
    // interior nodes were computed from them, and are checked against them rather than blamed
    // for an edited record.
    private CompactRange? _storedRange;
    private long _unreadable;
    private long _edited;
    private long _forgedSignatures;
    private long _trusted;
    private long _newest;
    private long _witnessedSize;
    private long? _lastTrustedSize;
    private long _lastMatching;
    private bool _firstMismatch;
    private long _laterMismatches;
    private long _firstLaterMismatch;
    private long _lastLaterMismatch;
    private long? _lastSequence;
    private long _inversionCount;
    private long _untrackedBreaks;
    private long _untrackedFrom = -1;
    private bool _recordsDone;
    private SequenceRun? _current;

    /// <summary>Records read so far.</summary>
    public long Position { get; private set; }

    /// <summary>A checkpoint held by a witness, outside the database: the trust root. Given in tree
    /// size order like any other, before a stored checkpoint of the same size.</summary>
    public void AddWitnessedCheckpoint(SignedCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        _witnessedSize = Math.Max(_witnessedSize, checkpoint.TreeSize);
        AddCheckpoint(checkpoint);
    }

    public void AddCheckpoint(SignedCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        var content = Checkpoint.Of(checkpoint);
        if (checkpoint.Time is null || checkpoint.KeyId != _keyId || !CheckpointSignatures.Verify(content, checkpoint.Signature.ToByteArray(), publicKey))
        {
            if (++_forgedSignatures <= MaxNamed)
            {
                _signatureProblems.Add($"checkpoint at tree size {checkpoint.TreeSize}: its signature does not verify with key {_keyId}: a forged or altered checkpoint, not trusted");
            }

            return;
        }

        // The first trusted checkpoint of a tree size is the one checked.
        if (_lastTrustedSize == checkpoint.TreeSize)
        {
            return;
        }

        _lastTrustedSize = checkpoint.TreeSize;
        _trusted++;
        _newest = Math.Max(_newest, checkpoint.TreeSize);
        if (checkpoint.TreeSize <= Position && !_recordsDone)
        {
            if (checkpoint.TreeSize == Position || checkpoint.TreeSize <= 0)
            {
                Check(checkpoint);
            }
        }
        else if (!_recordsDone)
        {
            _pending.Enqueue(checkpoint);
        }
    }

    /// <summary>What checking a record needs that depends on no other record: its sequence number
    /// (null if it is no readable audit record) and its leaf hash. Computed for many records at
    /// once (in parallel), then given to <see cref="AddPrepared"/> in trail order.</summary>
    public readonly record struct PreparedRecord(long? Sequence, byte[] LeafHash);

    public static PreparedRecord Prepare(ReadOnlySpan<byte> record) => new(SequenceOf(record.ToArray()), MerkleTree.LeafHash(record));

    /// <summary><see cref="Prepare(ReadOnlySpan{byte})"/> without copying the record first.</summary>
    public static PreparedRecord Prepare(byte[] record) => new(SequenceOf(record), MerkleTree.LeafHash(record));

    /// <summary>Checks one record and returns the perfect subtrees of <see cref="MerkleNodes.StoredFromLevel"/>
    /// levels or more that it completes, over the stored leaf hashes, for the caller to compare with
    /// stored nodes (valid until the next call).</summary>
    public IReadOnlyList<TreeNode> AddRecord(ReadOnlySpan<byte> record, ReadOnlySpan<byte> storedLeafHash) =>
        AddPrepared(Prepare(record), storedLeafHash);

    /// <summary><see cref="AddRecord"/>, with the record's <see cref="Prepare(byte[])"/> done beforehand.</summary>
    public IReadOnlyList<TreeNode> AddPrepared(PreparedRecord prepared, ReadOnlySpan<byte> storedLeafHash)
    {
        if (_recordsDone)
        {
            throw new InvalidOperationException("records come before EndOfRecords");
        }

        var position = Position;
        var sequence = prepared.Sequence;
        if (sequence is null)
        {
            if (++_unreadable <= MaxNamed)
            {
                _problems.Add($"record at position {position}: not a readable audit record (forged or corrupted)");
            }
        }

        Track(position, sequence);

        var leafHash = prepared.LeafHash;
        var matches = leafHash.AsSpan().SequenceEqual(storedLeafHash);
        if (!matches)
        {
            if (++_edited <= MaxNamed)
            {
                _problems.Add($"record {sequence ?? position}: its content no longer matches the hash stored when it was appended (edited record)");
            }

            _storedRange ??= _range.Copy();
        }

        _completed.Clear();
        if (_storedRange is null)
        {
            _range.Append(leafHash, _completed, MerkleNodes.StoredFromLevel);
        }
        else
        {
            _range.Append(leafHash);
            _storedRange.Append(storedLeafHash.Length == MerkleTree.HashSize ? storedLeafHash.ToArray() : leafHash, _completed, MerkleNodes.StoredFromLevel);
        }

        Position++;
        while (_pending.Count > 0 && _pending.Peek().TreeSize <= Position)
        {
            var checkpoint = _pending.Dequeue();
            if (checkpoint.TreeSize == Position)
            {
                Check(checkpoint);
            }
        }

        return _completed;
    }

    /// <summary>No more records: checkpoints given after this are checked for their signature and
    /// size only (a checkpoint beyond the trail's end is a truncation).</summary>
    public void EndOfRecords()
    {
        _recordsDone = true;
        _pending.Clear();
        CloseRun();
    }

    /// <param name="otherProblems">Problems found beside the records (stored nodes), added to the report.</param>
    public TrailVerification Finish(IEnumerable<string>? otherProblems = null)
    {
        if (!_recordsDone)
        {
            EndOfRecords();
        }

        var problems = new List<string>(_signatureProblems);
        if (_forgedSignatures > MaxNamed)
        {
            problems.Add($"{_forgedSignatures - MaxNamed} more checkpoints whose signature does not verify with key {_keyId}");
        }

        problems.AddRange(_problems);
        if (_unreadable > MaxNamed)
        {
            problems.Add($"{_unreadable - MaxNamed} more records that are not readable audit records");
        }

        if (_edited > MaxNamed)
        {
            problems.Add($"{_edited - MaxNamed} more records whose content no longer matches the hash stored when it was appended (edited records)");
        }

        if (_laterMismatches > 0)
        {
            problems.Add(_laterMismatches == 1
                ? $"checkpoint at tree size {_firstLaterMismatch}: does not match either (it covers the change above, or a further one)"
                : $"{_laterMismatches} later checkpoints, at tree sizes {_firstLaterMismatch} to {_lastLaterMismatch}, do not match either (they cover the change above, or further ones)");
        }

        if (_witnessedSize > Position)
        {
            problems.Add($"the witness holds a checkpoint of {_witnessedSize} records, but the trail ends after {Position}: records were removed, or the database was restored from an older copy");
        }

        problems.AddRange(SequenceProblems(_trusted > 0));
        if (_trusted == 0 && Position > 0)
        {
            problems.Add($"no checkpoint signed by key {_keyId}: nothing proves records 0 to {Position - 1}");
        }

        if (otherProblems is not null)
        {
            problems.AddRange(otherProblems);
        }

        return new TrailVerification(problems.Count == 0, Position, _trusted, problems);
    }

    private void Check(SignedCheckpoint checkpoint)
    {
        if (_range.Root().AsSpan().SequenceEqual(checkpoint.RootHash.Span))
        {
            _lastMatching = checkpoint.TreeSize;
            return;
        }

        if (checkpoint.TreeSize == _witnessedSize)
        {
            _problems.Add($"the witness's checkpoint of {_witnessedSize} records: the trail no longer gives its root: records it covers were rewritten after they were witnessed");
        }

        if (_firstMismatch)
        {
            if (_laterMismatches++ == 0)
            {
                _firstLaterMismatch = checkpoint.TreeSize;
            }

            _lastLaterMismatch = checkpoint.TreeSize;
            return;
        }

        _firstMismatch = true;
        var suspects = _lastMatching == checkpoint.TreeSize - 1
            ? $"record {_lastMatching} was"
            : $"one or more of records {_lastMatching} to {checkpoint.TreeSize - 1} were";
        var before = _lastMatching > 0
            ? $" (records 0 to {_lastMatching - 1} still match the checkpoint at tree size {_lastMatching})"
            : string.Empty;
        _problems.Add($"checkpoint at tree size {checkpoint.TreeSize}: the trail no longer gives its signed root: {suspects} altered, replaced, inserted, removed or moved{before}");
    }

    /// <summary>Extends the current run of consecutive sequence numbers at consecutive positions,
    /// or starts a new one; notes an inversion against the previous readable record.</summary>
    private void Track(long position, long? sequence)
    {
        if (sequence is not { } value)
        {
            CloseRun();
            return;
        }

        if (_lastSequence is { } last && value < last && ++_inversionCount <= MaxListed)
        {
            _inversions.Add($"record {value} comes after record {last} (position {position}): records were reordered");
        }

        _lastSequence = value;
        if (_current is { } run && run.FirstPosition + run.Length == position && run.FirstSequence + run.Length == value)
        {
            _current = run with { Length = run.Length + 1 };
            return;
        }

        CloseRun();
        _current = new SequenceRun(position, value, 1);
    }

    private void CloseRun()
    {
        if (_current is not { } run)
        {
            return;
        }

        _current = null;
        if (_runs.Count < MaxBreaks)
        {
            _runs.Add(run);
        }
        else if (_untrackedBreaks++ == 0)
        {
            _untrackedFrom = run.FirstPosition;
        }
    }

    /// <summary>Every record carries its own position inside its hashed bytes: deletions,
    /// insertions and moves show as gaps, repeats and inversions of that run, a truncated tail as
    /// records a checkpoint covers but the trail lacks.</summary>
    private IEnumerable<string> SequenceProblems(bool anyCheckpoint)
    {
        foreach (var repeated in Repeated().Take(MaxListed))
        {
            var positions = _runs.Where(r => r.FirstSequence <= repeated && repeated < r.FirstSequence + r.Length)
                .Select(r => r.FirstPosition + (repeated - r.FirstSequence))
                .ToList();
            yield return $"record {repeated} appears {positions.Count} times (positions {string.Join(", ", positions)}): a forged record was inserted";
        }

        foreach (var inversion in _inversions)
        {
            yield return inversion;
        }

        // Gaps among the records a checkpoint covers are deletions; a missing end is truncation.
        // Records beyond the newest checkpoint are covered by none (without checkpoints, all count).
        var coveredEnd = anyCheckpoint ? _newest : long.MaxValue;
        var gaps = 0;
        long expected = 0;
        foreach (var (first, last) in Union(0, coveredEnd))
        {
            if (first > expected && ++gaps <= MaxListed)
            {
                yield return $"{Span(expected, first - 1)} missing (deleted)";
            }

            expected = last + 1;
        }

        if (gaps > MaxListed)
        {
            yield return $"{gaps - MaxListed} more runs of records missing: the trail is badly damaged";
        }

        if (anyCheckpoint && expected < _newest)
        {
            yield return $"{Span(expected, _newest - 1)} missing: the checkpoint at tree size {_newest} covers them but the trail {(expected == 0 ? "has none of its records" : $"ends at record {expected - 1}")} (truncated)";
        }

        var negatives = 0;
        foreach (var run in _runs.Where(r => r.FirstSequence < 0))
        {
            for (long i = 0; i < run.Length && run.FirstSequence + i < 0 && negatives < MaxListed; i++, negatives++)
            {
                yield return $"record at position {run.FirstPosition + i}: sequence {run.FirstSequence + i} is no position in a trail (forged)";
            }
        }

        if (anyCheckpoint)
        {
            foreach (var (first, last) in Union(_newest, long.MaxValue).Take(MaxListed))
            {
                yield return $"{Span(first, last)} not covered by any signed checkpoint (the newest covers records 0 to {_newest - 1}): inserted or forged";
            }
        }

        if (_untrackedBreaks > 0)
        {
            yield return $"the run of sequence numbers breaks more than {MaxBreaks} times: the trail is badly damaged, and missing, repeated and uncovered records are listed only before position {_untrackedFrom}";
        }
    }

    /// <summary>Sequence numbers that more than one record carries, ascending: where runs overlap.</summary>
    private IEnumerable<long> Repeated()
    {
        var edges = _runs.SelectMany(r => new[] { (At: r.FirstSequence, Delta: 1), (At: r.FirstSequence + r.Length, Delta: -1) })
            .OrderBy(e => e.At).ThenBy(e => e.Delta)
            .ToList();
        var depth = 0;
        for (var i = 0; i < edges.Count; i++)
        {
            depth += edges[i].Delta;
            if (depth >= 2 && i + 1 < edges.Count)
            {
                for (var value = edges[i].At; value < edges[i + 1].At; value++)
                {
                    yield return value;
                }
            }
        }
    }

    /// <summary>The sequence numbers the records carry within [from, to), as (first, last) runs, ascending.</summary>
    private List<(long First, long Last)> Union(long from, long to)
    {
        var merged = new List<(long First, long Last)>();
        foreach (var run in _runs.OrderBy(r => r.FirstSequence))
        {
            var first = Math.Max(run.FirstSequence, from);
            var last = Math.Min(run.FirstSequence + run.Length - 1, to - 1);
            if (first > last)
            {
                continue;
            }

            if (merged.Count > 0 && first <= merged[^1].Last + 1)
            {
                merged[^1] = (merged[^1].First, Math.Max(merged[^1].Last, last));
            }
            else
            {
                merged.Add((first, last));
            }
        }

        return merged;
    }

    private static string Span(long first, long last) => first == last ? $"record {first}" : $"records {first} to {last}";

    /// <summary>
    /// The record's sequence number (field 1), or null when its bytes are not a protobuf message.
    /// Only the top level is walked (each field's tag and length checked, nested messages skipped
    /// whole): a full parse would cost more than hashing, and anything inside that is not as
    /// appended breaks the leaf hash or the signed roots anyway.
    /// </summary>
    private static long? SequenceOf(byte[] record)
    {
        const uint SequenceTag = (1 << 3) | 0; // field 1, varint
        try
        {
            var input = new CodedInputStream(record);
            long sequence = 0;
            uint tag;
            while ((tag = input.ReadTag()) != 0)
            {
                if (tag == SequenceTag)
                {
                    sequence = input.ReadInt64();
                }
                else
                {
                    input.SkipLastField();
                }
            }

            return sequence;
        }
        catch (InvalidProtocolBufferException)
        {
            return null;
        }
    }

    /// <summary>Records at positions FirstPosition.. carrying sequence numbers FirstSequence.., one apart.</summary>
    private readonly record struct SequenceRun(long FirstPosition, long FirstSequence, long Length);
}
