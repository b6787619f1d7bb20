using System.CommandLine;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ChildIndex.Audit;
using ChildIndex.Cli.Input;
using ChildIndex.Cli.Output;
using ChildIndex.Contracts.V1;
using Google.Protobuf;
using Grpc.Core;

namespace ChildIndex.Cli.Commands.Audit;

/// <summary>
/// `childindex audit export FILE` and `childindex audit verify`: the whole trail with its signed
/// checkpoints to a file, and the proof, offline and with nothing but the public key, that such a
/// file is complete and unaltered.
/// </summary>
public static class AuditExportCommands
{
    public const string PublicKeySuffix = ".pub.pem";

    public static IEnumerable<Command> Create(CommandHost host) => [Export(host), Verify(host)];

    private static Command Export(CommandHost host)
    {
        var file = new Argument<string>("FILE") { Description = $"Where to write the export; the public key goes beside it, as FILE{PublicKeySuffix}" };
        var command = new Command(
            "export",
            "Write the whole trail up to the newest signed checkpoint to FILE (length-delimited AuditExportItem messages: " +
            "the public key, then the records, each followed by the checkpoints it completes), for 'audit verify' or a SIEM")
        {
            file,
        };
        host.SetAction(command, async (parsed, context, cancellationToken) =>
        {
            var path = parsed.GetValue(file) ?? string.Empty;
            // Opened before the call: a path that cannot be written is a usage error, with nothing asked.
            using var writer = new AuditExportFile.Writer(path);
            await ReceiveAsync(context, writer, cancellationToken);
            writer.Complete();

            string? keyFile = null;
            string? keyId = null;
            if (writer.PublicKey is { } publicKey)
            {
                using var key = ECDsa.Create();
                key.ImportSubjectPublicKeyInfo(publicKey.Span, out _);
                keyId = CheckpointSignatures.KeyId(key);
                keyFile = path + PublicKeySuffix;
                await File.WriteAllTextAsync(keyFile, key.ExportSubjectPublicKeyInfoPem() + "\n", cancellationToken);
            }
            else
            {
                await context.Error.WriteLineAsync("warning: the server sent no public key: verify with the one you hold");
            }

            if (context.Json)
            {
                await context.Output.WriteLineAsync(ExportJson(path, keyFile, keyId, writer));
                return ExitCodes.Ok;
            }

            await context.Output.WriteLineAsync($"{path}: {writer.Records} records, {writer.Checkpoints} checkpoints");
            await context.Output.WriteLineAsync(writer.Newest is { } newest
                ? $"newest checkpoint: {AuditTables.Checkpoint(newest)}"
                : "no checkpoint yet: nothing in this export can be verified");
            if (keyFile is not null)
            {
                await context.Output.WriteLineAsync($"public key (key id {keyId}) in {keyFile}");
            }

            await context.Output.WriteLineAsync(
                $"check it offline with: childindex audit verify {path} --public-key PEM (the public key you trust, not a copy that travelled with the file)");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Verify(CommandHost host)
    {
        var file = new Argument<string>("FILE")
        {
            Description = "An export written by 'audit export'; checked offline, with no server and no sign-in",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var publicKey = new Option<string>("--public-key")
        {
            Description = "The PEM file of the public key you trust to have signed the checkpoints (SubjectPublicKeyInfo: " +
                "the public half of AUDIT_SIGNING_KEY; data/audit-signing-key.pub.pem in development). Never the copy inside the export.",
            HelpName = "PEM",
        };
        var witness = new Option<string>("--witness")
        {
            Description = "A witness's file of checkpoints (AUDIT_WITNESS=file:..., or checkpoints.jsonl of the `witness` command): " +
                "its newest checkpoint, held outside the database, is the trust root, so a database rewritten since is caught even when it agrees with itself",
            HelpName = "FILE",
        };
        var command = new Command(
            "verify",
            "Prove that an export is complete and unaltered: every record hashes to its leaf, the records run without gaps, and the " +
            "Merkle roots agree with the checkpoints signed by the public key given. Exit code 9 when they do not. " +
            "Without FILE, --server asks the server to check its stored trail instead.")
        {
            file, publicKey, witness,
        };
        host.SetAction(
            command,
            async (parsed, context, cancellationToken) =>
            {
                var path = parsed.GetValue(file);
                var keyPath = parsed.GetValue(publicKey);
                if (string.IsNullOrWhiteSpace(path))
                {
                    if (parsed.GetResult(host.Globals.Server) is null)
                    {
                        throw new UsageException("give an export FILE and --public-key PEM to verify it offline, or --server to have the server verify its stored trail");
                    }

                    if (!string.IsNullOrWhiteSpace(keyPath))
                    {
                        throw new UsageException("--public-key is for checking an export FILE: the server checks its trail with its own key");
                    }

                    var checkedThere = await context.Connection.Audit.VerifyAuditTrailAsync(new VerifyAuditTrailRequest(), await context.CallOptionsAsync(cancellationToken));
                    return await ReportAsync(context, checkedThere, newest: null, $"checked by the server at {context.Connection.Address.OriginalString}");
                }

                if (string.IsNullOrWhiteSpace(keyPath))
                {
                    throw new UsageException(
                        "--public-key PEM is required: the public key you trust to have signed the checkpoints " +
                        "(the export carries a copy, but whoever could alter the file could replace that too)");
                }

                using var key = ReadPublicKey(keyPath);
                var export = AuditExportFile.Open(path);
                var keyId = CheckpointSignatures.KeyId(key);
                if (export.PublicKey is { } carried && !carried.Span.SequenceEqual(key.ExportSubjectPublicKeyInfo()))
                {
                    await context.Error.WriteLineAsync(
                        $"warning: the export carries a different public key ({CarriedKeyId(carried)}) from {keyPath} (key id {keyId}): checking with {keyPath}");
                }

                SignedCheckpoint? witnessed = null;
                if (parsed.GetValue(witness) is { Length: > 0 } witnessPath)
                {
                    using var reader = File.OpenText(witnessPath);
                    witnessed = WitnessLog.ReadAll(reader).LastOrDefault()?.Checkpoint
                        ?? throw new UsageException($"{witnessPath} holds no witnessed checkpoint");
                }

                var verification = TrailVerifier.Verify(export.Records(), export.Checkpoints, key, witnessed);
                var result = new VerifyAuditTrailResponse
                {
                    RecordsChecked = verification.RecordsChecked,
                    CheckpointsChecked = verification.CheckpointsChecked,
                    WitnessedTreeSize = witnessed?.TreeSize ?? 0,
                    Problems = { verification.Problems, export.Problems },
                };
                result.Intact = result.Problems.Count == 0;
                var newest = export.Checkpoints.Count == 0 ? null : export.Checkpoints.MaxBy(c => c.TreeSize);
                return await ReportAsync(context, result, newest, $"checked offline against public key {keyId} ({keyPath})");
            },
            parsed => string.IsNullOrWhiteSpace(parsed.GetValue(file)) ? CommandTarget.Directory : CommandTarget.None);
        return command;
    }

    /// <summary>
    /// Reads the stream into <paramref name="writer"/>. No deadline for the whole stream, which would
    /// cap the size of the trail; the timeout bounds the wait for each next item instead.
    /// </summary>
    private static async Task ReceiveAsync(CommandContext context, AuditExportFile.Writer writer, CancellationToken cancellationToken)
    {
        var options = await context.Connection.CallOptionsAsync(deadline: null, cancellationToken);
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        idle.CancelAfter(context.Timeout);
        using var call = context.Connection.Audit.ExportAudit(new ExportAuditRequest(), options.WithCancellationToken(idle.Token));
        try
        {
            await foreach (var item in call.ResponseStream.ReadAllAsync(idle.Token))
            {
                idle.CancelAfter(context.Timeout);
                writer.Add(item);
            }
        }
        catch (Exception error) when (idle.IsCancellationRequested && !cancellationToken.IsCancellationRequested
            && error is RpcException { StatusCode: StatusCode.Cancelled } or OperationCanceledException)
        {
            throw new RpcException(new Status(StatusCode.DeadlineExceeded, "no export item within the timeout"));
        }
    }

    private static async Task<int> ReportAsync(CommandContext context, VerifyAuditTrailResponse result, SignedCheckpoint? newest, string how)
    {
        if (context.Json)
        {
            await ProtoJson.WriteAsync(context.Output, result);
        }
        else if (result.Intact)
        {
            await context.Output.WriteLineAsync($"intact: {result.RecordsChecked} records, {result.CheckpointsChecked} checkpoints");
            if (newest is not null)
            {
                await context.Output.WriteLineAsync($"newest checkpoint: {AuditTables.Checkpoint(newest)}");
            }

            await context.Output.WriteLineAsync(result.WitnessedTreeSize > 0
                ? $"the first {result.WitnessedTreeSize} records agree with the witness's newest checkpoint{(result.Witness.Length > 0 ? $" ({result.Witness})" : string.Empty)}"
                : "no witness: the checkpoints checked are those stored with the trail");
            await context.Output.WriteLineAsync(how);
        }
        else
        {
            await context.Output.WriteLineAsync(
                $"TAMPERED: the trail has been tampered with: {result.Problems.Count} problem{(result.Problems.Count == 1 ? string.Empty : "s")} " +
                $"({result.RecordsChecked} records, {result.CheckpointsChecked} checkpoints with a valid signature)");
            foreach (var problem in result.Problems)
            {
                await context.Output.WriteLineAsync($"  {problem}");
            }

            await context.Output.WriteLineAsync(how);
        }

        return result.Intact ? ExitCodes.Ok : ExitCodes.TrailTampered;
    }

    private static ECDsa ReadPublicKey(string path)
    {
        string pem;
        try
        {
            pem = File.ReadAllText(path);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new InputFileException($"cannot read '{path}': {error.Message}");
        }

        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
            return key;
        }
        catch (Exception error) when (error is ArgumentException or CryptographicException)
        {
            key.Dispose();
            throw new InputFileException($"'{path}' holds no ECDSA public key in PEM (-----BEGIN PUBLIC KEY-----): {error.Message}");
        }
    }

    private static string CarriedKeyId(ByteString publicKey)
    {
        try
        {
            using var key = ECDsa.Create();
            key.ImportSubjectPublicKeyInfo(publicKey.Span, out _);
            return $"key id {CheckpointSignatures.KeyId(key)}";
        }
        catch (CryptographicException)
        {
            return "not a readable ECDSA key";
        }
    }

    private static string ExportJson(string path, string? keyFile, string? keyId, AuditExportFile.Writer writer)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("file", path);
            json.WriteString("publicKeyFile", keyFile);
            json.WriteString("keyId", keyId);
            json.WriteNumber("records", writer.Records);
            json.WriteNumber("checkpoints", writer.Checkpoints);
            json.WritePropertyName("newestCheckpoint");
            if (writer.Newest is { } newest)
            {
                json.WriteRawValue(JsonFormatter.Default.Format(newest));
            }
            else
            {
                json.WriteNullValue();
            }

            json.WriteString("newestRootHex", writer.Newest is null ? null : AuditTables.Hex(writer.Newest.RootHash));
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
