using System.Globalization;
using ChildIndex.Cli.Input;
using ChildIndex.Contracts.V1;
using Google.Protobuf;

namespace ChildIndex.Cli.Commands.Audit;

/// <summary>
/// An export as `audit export` writes it: the ExportAudit stream's <see cref="AuditExportItem"/>s,
/// each length-delimited (a varint byte count, then the message; protobuf's writeDelimitedTo), in
/// the order the server sent them. Read in two passes, so that a trail of millions of records never
/// has to fit in memory: the first keeps only the checkpoints (a few hundred bytes each) and the
/// public key, the second streams the records to the verifier.
/// </summary>
public sealed class AuditExportFile
{
    private readonly string _path;

    private AuditExportFile(string path) => _path = path;

    /// <summary>The checkpoints in the file, in file order.</summary>
    public IReadOnlyList<SignedCheckpoint> Checkpoints { get; private set; } = [];

    /// <summary>The public key the file says the checkpoints were signed with (SubjectPublicKeyInfo,
    /// DER); never to be trusted, since whoever could edit the file could replace it.</summary>
    public ByteString? PublicKey { get; private set; }

    public long RecordCount { get; private set; }

    /// <summary>What is wrong with the file as a file (unreadable from some byte on, items of no
    /// known kind): as much a sign of tampering as a record that does not verify.</summary>
    public IReadOnlyList<string> Problems { get; private set; } = [];

    /// <summary>The first pass: the checkpoints, the public key, the number of records.</summary>
    public static AuditExportFile Open(string path)
    {
        var file = new AuditExportFile(path);
        var checkpoints = new List<SignedCheckpoint>();
        var problems = new List<string>();
        long items = 0;
        using (var stream = OpenRead(path))
        {
            foreach (var item in Items(stream, problems))
            {
                items++;
                switch (item.ItemCase)
                {
                    case AuditExportItem.ItemOneofCase.Record:
                        file.RecordCount++;
                        break;
                    case AuditExportItem.ItemOneofCase.Checkpoint:
                        checkpoints.Add(item.Checkpoint);
                        break;
                    case AuditExportItem.ItemOneofCase.PublicKey:
                        if (file.PublicKey is { } earlier && !earlier.Equals(item.PublicKey))
                        {
                            problems.Add($"item {items}: a second, different public key");
                        }

                        file.PublicKey ??= item.PublicKey;
                        break;
                    default:
                        problems.Add($"item {items}: neither a record, a checkpoint nor a public key");
                        break;
                }
            }
        }

        if (items == 0)
        {
            throw new InputFileException(problems.Count > 0
                ? $"'{path}' is not an audit export written by childindex audit export ({problems[0]})"
                : $"'{path}' is empty: not an audit export");
        }

        file.Checkpoints = checkpoints;
        file.Problems = problems;
        return file;
    }

    /// <summary>The second pass: every record, in file order, read as the verifier asks for it.</summary>
    public IEnumerable<ExportedRecord> Records()
    {
        using var stream = OpenRead(_path);
        foreach (var item in Items(stream, []))
        {
            if (item.ItemCase == AuditExportItem.ItemOneofCase.Record)
            {
                yield return item.Record;
            }
        }
    }

    /// <summary>
    /// Writes the stream to a file: to one beside it first, moved into place
    /// only once the stream has ended, so that a failed export never leaves a partial file that
    /// would later read as a truncated trail.
    /// </summary>
    public sealed class Writer : IDisposable
    {
        private readonly string _path;
        private readonly string _partial;
        private readonly FileStream _stream;
        private bool _done;

        public Writer(string path)
        {
            _path = Path.GetFullPath(path);
            _partial = _path + ".partial";
            try
            {
                _stream = new FileStream(_partial, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1 << 16);
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
            {
                throw new UsageException($"cannot write '{path}': {error.Message}");
            }
        }

        public long Records { get; private set; }

        public long Checkpoints { get; private set; }

        public SignedCheckpoint? Newest { get; private set; }

        public ByteString? PublicKey { get; private set; }

        public void Add(AuditExportItem item)
        {
            ArgumentNullException.ThrowIfNull(item);
            item.WriteDelimitedTo(_stream);
            switch (item.ItemCase)
            {
                case AuditExportItem.ItemOneofCase.Record:
                    Records++;
                    break;
                case AuditExportItem.ItemOneofCase.Checkpoint:
                    Checkpoints++;
                    Newest = item.Checkpoint;
                    break;
                case AuditExportItem.ItemOneofCase.PublicKey:
                    PublicKey ??= item.PublicKey;
                    break;
                default:
                    break;
            }
        }

        /// <summary>The stream has ended: the file takes its name.</summary>
        public void Complete()
        {
            _stream.Flush(flushToDisk: true);
            _stream.Dispose();
            File.Move(_partial, _path, overwrite: true);
            _done = true;
        }

        public void Dispose()
        {
            _stream.Dispose();
            if (!_done)
            {
                File.Delete(_partial);
            }
        }
    }

    private static FileStream OpenRead(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new InputFileException($"cannot read '{path}': {error.Message}");
        }
    }

    /// <summary>Every item until the end of the file, or until the first that cannot be read: after
    /// that nothing can be framed, so the rest is reported as one problem.</summary>
    private static IEnumerable<AuditExportItem> Items(FileStream stream, List<string> problems)
    {
        long index = 0;
        while (stream.Position < stream.Length)
        {
            var offset = stream.Position;
            AuditExportItem item;
            try
            {
                item = AuditExportItem.Parser.ParseDelimitedFrom(stream);
            }
            catch (InvalidProtocolBufferException error)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture,
                    $"the file cannot be read from byte {offset} on (after {index} items): corrupted or cut short ({error.Message})"));
                yield break;
            }

            index++;
            yield return item;
        }
    }
}
