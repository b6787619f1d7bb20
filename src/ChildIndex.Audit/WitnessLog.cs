using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ChildIndex.Contracts.V1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace ChildIndex.Audit;

/// <summary>Why a witness refused a checkpoint: <see cref="Conflict"/> when the proof starts from a
/// tree it no longer holds as its latest (prove again from there), <see cref="Invalid"/> when the
/// checkpoint is not the directory's or does not extend what it holds.</summary>
public enum WitnessRefusalKind
{
    Conflict,
    Invalid,
}

public sealed class WitnessRefusedException(WitnessRefusalKind kind, string message) : Exception(message)
{
    public WitnessRefusalKind Kind { get; } = kind;
}

/// <summary>
/// A checkpoint witness's state: an append-only file of the checkpoints it accepted, one JSON line
/// each (a <see cref="WitnessedCheckpoint"/>), the newest last. A checkpoint is accepted only if the
/// directory's key signed it and a consistency proof (RFC 9162 2.1.4) shows it extends the newest
/// line, so the file is a record, kept outside the directory's database, of a trail that only ever
/// grew. The file is locked while a checkpoint is added (other processes wait), and each line is
/// synced to disk before it is acknowledged. Used by the `witness` command, and by a directory that
/// writes a witness file itself (AUDIT_WITNESS=file:...).
/// </summary>
public sealed class WitnessLog(string path, ECDsa directoryKey, ECDsa? cosigningKey, TimeProvider time)
{
    private static readonly JsonFormatter Json = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(false));
    private readonly string _directoryKeyId = CheckpointSignatures.KeyId(directoryKey);
    private readonly string? _witnessKeyId = cosigningKey is null ? null : CheckpointSignatures.KeyId(cosigningKey);

    public string Path => path;

    /// <summary>The newest checkpoint held, or null when none is.</summary>
    public WitnessedCheckpoint? Latest()
    {
        if (!File.Exists(path))
        {
            return null;
        }

        using var file = OpenLocked(FileMode.Open);
        return ReadLatest(file, out _);
    }

    /// <summary>Every checkpoint held, oldest first (for offline verification).</summary>
    public static IEnumerable<WitnessedCheckpoint> ReadAll(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0)
            {
                yield return WitnessedCheckpoint.Parser.ParseJson(line);
            }
        }
    }

    /// <summary>Stores the checkpoint if it extends the newest one held (or is the first), and
    /// returns it as witnessed; the same checkpoint again is answered as stored the first time.</summary>
    public WitnessedCheckpoint Add(AddCheckpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var checkpoint = request.Checkpoint ?? throw new WitnessRefusedException(WitnessRefusalKind.Invalid, "checkpoint is required");
        if (checkpoint.Time is null || checkpoint.TreeSize < 1 || checkpoint.RootHash.Length != MerkleTree.HashSize)
        {
            throw new WitnessRefusedException(WitnessRefusalKind.Invalid, "checkpoint needs a tree size of 1 or more, a 32-byte root hash and a time");
        }

        var content = Checkpoint.Of(checkpoint);
        if (checkpoint.KeyId != _directoryKeyId || !CheckpointSignatures.Verify(content, checkpoint.Signature.ToByteArray(), directoryKey))
        {
            throw new WitnessRefusedException(WitnessRefusalKind.Invalid, $"the checkpoint at tree size {checkpoint.TreeSize} is not signed by the directory's key {_directoryKeyId}");
        }

        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        using var file = OpenLocked(FileMode.OpenOrCreate);
        var latest = ReadLatest(file, out var end);
        var latestSize = latest?.Checkpoint.TreeSize ?? 0;
        if (request.OldSize != latestSize)
        {
            throw new WitnessRefusedException(WitnessRefusalKind.Conflict, string.Create(CultureInfo.InvariantCulture,
                $"the witness's latest checkpoint is at tree size {latestSize}, not {request.OldSize}: prove consistency from there"));
        }

        if (latest is not null)
        {
            if (checkpoint.TreeSize == latestSize && checkpoint.RootHash.Equals(latest.Checkpoint.RootHash))
            {
                return latest;
            }

            var proof = request.ConsistencyProof.Select(p => p.ToByteArray()).ToList();
            if (checkpoint.TreeSize < latestSize || proof.Any(p => p.Length != MerkleTree.HashSize)
                || !MerkleTree.VerifyConsistency(latestSize, checkpoint.TreeSize, latest.Checkpoint.RootHash.Span, checkpoint.RootHash.Span, proof))
            {
                throw new WitnessRefusedException(WitnessRefusalKind.Invalid, string.Create(CultureInfo.InvariantCulture,
                    $"the checkpoint at tree size {checkpoint.TreeSize} does not extend the witnessed one at tree size {latestSize}: the trail was rewritten"));
            }
        }

        var witnessedAt = time.GetUtcNow();
        var witnessed = new WitnessedCheckpoint
        {
            Checkpoint = checkpoint,
            WitnessedAt = Timestamp.FromDateTimeOffset(DateTimeOffset.FromUnixTimeSeconds(witnessedAt.ToUnixTimeSeconds())),
        };
        if (cosigningKey is not null)
        {
            witnessed.WitnessKeyId = _witnessKeyId;
            witnessed.Cosignature = ByteString.CopyFrom(cosigningKey.SignData(CosignedText(witnessed), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
        }

        // A line torn by a crash was never acknowledged: it is cut off before the next is written.
        file.SetLength(end);
        file.Seek(end, SeekOrigin.Begin);
        var line = Encoding.UTF8.GetBytes(Json.Format(witnessed) + "\n");
        file.Write(line);
        file.Flush(flushToDisk: true);
        return witnessed;
    }

    /// <summary>The text a witness cosigns: the directory's signed text and when it was witnessed.</summary>
    public static byte[] CosignedText(WitnessedCheckpoint witnessed)
    {
        ArgumentNullException.ThrowIfNull(witnessed);
        var text = Checkpoint.Of(witnessed.Checkpoint).SignedText();
        var suffix = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"witnessed {witnessed.WitnessedAt?.Seconds ?? 0}\n"));
        return [.. text, .. suffix];
    }

    private FileStream OpenLocked(FileMode mode)
    {
        // FileShare.None is an exclusive lock between processes too: another directory instance or
        // witness process adding at the same moment waits its turn.
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return new FileStream(path, mode, FileAccess.ReadWrite, FileShare.None, 4096, FileOptions.None);
            }
            catch (IOException) when (attempt < 200 && File.Exists(path))
            {
                Thread.Sleep(25);
            }
        }
    }

    /// <summary>The last complete line, and where complete lines end (a torn tail starts there).</summary>
    private static WitnessedCheckpoint? ReadLatest(FileStream file, out long end)
    {
        var length = file.Length;
        var window = 4096;
        while (true)
        {
            var start = Math.Max(0, length - window);
            var buffer = new byte[length - start];
            file.Seek(start, SeekOrigin.Begin);
            file.ReadExactly(buffer);
            var lastNewline = Array.LastIndexOf(buffer, (byte)'\n');
            if (lastNewline < 0 && start > 0)
            {
                window *= 2;
                continue;
            }

            end = lastNewline < 0 ? 0 : start + lastNewline + 1;
            if (lastNewline < 0)
            {
                return null;
            }

            var previous = lastNewline == 0 ? -1 : Array.LastIndexOf(buffer, (byte)'\n', lastNewline - 1);
            if (previous < 0 && start > 0)
            {
                window *= 2;
                continue;
            }

            var line = Encoding.UTF8.GetString(buffer, previous + 1, lastNewline - previous - 1);
            try
            {
                return WitnessedCheckpoint.Parser.ParseJson(line);
            }
            catch (Exception error) when (error is InvalidProtocolBufferException or InvalidJsonException)
            {
                throw new InvalidOperationException($"the witness file {file.Name} ends with a line that is not a witnessed checkpoint: it was altered", error);
            }
        }
    }
}
