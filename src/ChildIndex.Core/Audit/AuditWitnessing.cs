using System.Globalization;
using ChildIndex.Audit;
using ChildIndex.Common.Errors;
using ChildIndex.Core.Storage;
using Google.Protobuf;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using V1 = ChildIndex.Contracts.V1;

namespace ChildIndex.Core.Audit;

/// <summary>
/// Ties the trail in the database to the checkpoints kept outside it (<see cref="IAuditWitness"/>).
/// At start-up and before every signature, the head must extend the newest witnessed checkpoint by a
/// consistency proof built from the database; when it does not, the trail was rewritten (or the
/// database restored from an older copy) and the service fails closed: it signs nothing, health
/// answers NOT_SERVING and every call but the security officers' reads of the trail is refused.
/// After each commit that signed, the newest checkpoint is published to the witness. A witness that
/// cannot be reached stops signing, not serving: records stay durable and are signed (and published)
/// once it answers, and the health check reports it degraded meanwhile.
/// </summary>
public sealed partial class AuditWitnessing(IAuditWitness? witness, AuditSigningKey key, ILogger<AuditWitnessing> logger, TimeProvider? time = null)
{
    /// <summary>How long signing waits before asking a witness that failed again: the ask happens
    /// under the trail's write lock, so a witness that is down must not be asked on every batch.</summary>
    public static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(5);

    private readonly Lock _lock = new();
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private DateTimeOffset _retryAfter;
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private V1.SignedCheckpoint? _witnessed;
    private bool _loaded;
    private string? _compromised;
    private string? _unreachable;

    public bool Enabled => witness is not null;

    public string? WitnessDescription => witness?.Description;

    /// <summary>Why the trail cannot be trusted, or null while it can.</summary>
    public string? Compromised
    {
        get
        {
            lock (_lock)
            {
                return _compromised;
            }
        }
    }

    /// <summary>Why the witness could not be reached last time, or null.</summary>
    public string? Unreachable
    {
        get
        {
            lock (_lock)
            {
                return _unreachable;
            }
        }
    }

    /// <summary>The newest checkpoint known to be witnessed (null before the first answer).</summary>
    public V1.SignedCheckpoint? Witnessed
    {
        get
        {
            lock (_lock)
            {
                return _witnessed;
            }
        }
    }

    /// <summary>Completes once the start-up check has run (whatever it found).</summary>
    public Task Started => _started.Task;

    /// <summary>The start-up check could not run (the database could not be opened): calls go on,
    /// and fail closed at their own append if the database is still unreachable.</summary>
    public void StartWithoutCheck() => _started.TrySetResult();

    /// <summary>For a write about to append: refused, UNAVAILABLE, while the trail is not trusted
    /// (the reason is in the log, not in the answer).</summary>
    public void ThrowIfCompromised()
    {
        if (Compromised is not null)
        {
            throw new DomainException(DomainErrorKind.Unavailable, FailingClosed);
        }
    }

    /// <summary>What callers are told while the service fails closed.</summary>
    public const string FailingClosed = "the audit trail failed its integrity check against the witness: the directory is closed until the security team has looked";

    /// <summary>The start-up check: the stored head against the newest witnessed checkpoint.</summary>
    public async Task CheckAtStartAsync(ChildIndexDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        try
        {
            if (witness is null)
            {
                LogNoWitness(logger);
                return;
            }

            var head = await db.AuditHeads.AsNoTracking().SingleAsync(cancellationToken);
            var range = CompactRange.FromStored(head.TreeSize, head.SubtreeHashes);
            if (await MaySignAsync(db, range.Size, range.Root(), cancellationToken))
            {
                LogChecked(logger, range.Size, WitnessedTreeSize, witness.Description);
            }
        }
        catch (AuditTrailCompromisedException)
        {
            // Logged where it was found; the service stays up, failing closed, so people can look.
        }
        finally
        {
            _started.TrySetResult();
        }
    }

    /// <summary>
    /// Before a signature of the head (<paramref name="treeSize"/> records with root
    /// <paramref name="root"/>, visible in <paramref name="db"/>'s transaction): false when the
    /// witness cannot be reached (sign later); throws <see cref="AuditTrailCompromisedException"/>
    /// when the head does not extend what the witness holds.
    /// </summary>
    public async Task<bool> MaySignAsync(ChildIndexDbContext db, long treeSize, byte[] root, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(root);
        if (witness is null)
        {
            return true;
        }

        if (Compromised is { } reason)
        {
            throw new AuditTrailCompromisedException(reason);
        }

        // Signing rests on the witness holding what this directory last published: while it cannot
        // say so (down, or it lost checkpoints), nothing is signed.
        if (!IsLoaded() || Unreachable is not null)
        {
            if (!RetryDue() || !await LoadAsync(cancellationToken))
            {
                return false;
            }
        }

        if (Witnessed is { } witnessed)
        {
            await CheckExtendsAsync(db, witnessed, treeSize, root, cancellationToken);
        }

        return true;
    }

    /// <summary>After a commit: hands the newest stored checkpoint to the witness if it holds an
    /// older one. A witness that cannot be reached is tried again after the next commit.</summary>
    public async Task PublishAsync(ChildIndexDbContext db, long newestSigned, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (witness is null || Compromised is not null || (IsLoaded() && newestSigned <= WitnessedTreeSize) || !RetryDue())
        {
            return;
        }

        try
        {
            if (!IsLoaded() && !await LoadAsync(cancellationToken))
            {
                return;
            }

            var newest = await db.AuditCheckpoints.AsNoTracking().OrderByDescending(c => c.TreeSize).FirstOrDefaultAsync(cancellationToken);
            for (var attempt = 0; attempt < 3 && newest is not null && newest.TreeSize > WitnessedTreeSize; attempt++)
            {
                var from = Witnessed;
                var request = new V1.AddCheckpointRequest { OldSize = from?.TreeSize ?? 0, Checkpoint = newest.ToContract() };
                if (from is not null)
                {
                    request.ConsistencyProof.AddRange((await ProofAsync(db, from.TreeSize, newest.TreeSize, cancellationToken)).Select(ByteString.CopyFrom));
                }

                try
                {
                    Remember((await witness.AddAsync(request, cancellationToken)).Checkpoint);
                    Reachable();
                    return;
                }
                catch (WitnessRefusedException refused) when (refused.Kind == WitnessRefusalKind.Conflict)
                {
                    // Another instance sharing the trail published first: what it published must
                    // agree with this trail too, whichever of the two is newer.
                    if (!await LoadAsync(cancellationToken) || Witnessed is not { } latest)
                    {
                        return;
                    }

                    if (latest.TreeSize >= newest.TreeSize)
                    {
                        await CheckExtendsAsync(db, newest.ToContract(), latest.TreeSize, latest.RootHash.ToByteArray(), cancellationToken);
                        return;
                    }

                    await CheckExtendsAsync(db, latest, newest.TreeSize, newest.RootHash, cancellationToken);
                }
                catch (WitnessRefusedException refused)
                {
                    Compromise(refused.Message);
                }
            }

            if (newest is not null && newest.TreeSize > WitnessedTreeSize)
            {
                // Instances sharing the trail kept publishing first; the next commit tries again.
                LogPublishDeferred(logger, newest.TreeSize, WitnessedTreeSize);
            }
        }
        catch (AuditTrailCompromisedException)
        {
            // Logged where found: from now on the service fails closed.
        }
#pragma warning disable CA1031 // An unreachable witness stops signing, not the commit that already happened.
        catch (Exception error) when (error is not OperationCanceledException)
#pragma warning restore CA1031
        {
            Failed(error);
        }
    }

    /// <summary>The witness's newest checkpoint, read afresh (for verification); the last one known
    /// when it cannot be reached; null without a witness.</summary>
    public async Task<V1.SignedCheckpoint?> LatestAsync(CancellationToken cancellationToken)
    {
        if (witness is null)
        {
            return null;
        }

        try
        {
            await LoadAsync(cancellationToken);
        }
        catch (AuditTrailCompromisedException)
        {
            // Reported by the caller from Compromised.
        }

        return Witnessed;
    }

    private long WitnessedTreeSize => Witnessed?.TreeSize ?? 0;

    private bool IsLoaded()
    {
        lock (_lock)
        {
            return _loaded;
        }
    }

    /// <summary>Reads the witness's newest checkpoint; false when it cannot be reached.</summary>
    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        V1.WitnessedCheckpoint? latest;
        try
        {
            latest = await witness!.LatestAsync(cancellationToken);
        }
#pragma warning disable CA1031 // Whatever stops the witness answering, signing waits for it.
        catch (Exception error) when (error is not OperationCanceledException)
#pragma warning restore CA1031
        {
            Failed(error);
            return false;
        }

        if (latest?.Checkpoint is { } checkpoint)
        {
            if (checkpoint.KeyId != key.KeyId || !CheckpointSignatures.Verify(Checkpoint.Of(checkpoint), checkpoint.Signature.ToByteArray(), key.Key))
            {
                Compromise($"the {witness!.Description} holds a checkpoint at tree size {checkpoint.TreeSize} that this directory's key did not sign");
            }

        }

        var holds = latest?.Checkpoint?.TreeSize ?? 0;
        var published = WitnessedTreeSize;
        if (holds < published)
        {
            // It cosigned more than it now holds: its storage was lost or restored from an older
            // copy. Publishing from what it holds would re-witness a tail it can no longer vouch for.
            LostCheckpoints(holds, published);
            return false;
        }

        if (latest?.Checkpoint is { } held)
        {
            Remember(held);
        }

        lock (_lock)
        {
            _loaded = true;
        }

        Reachable();
        return true;
    }

    /// <summary>Throws (and fails closed) unless the tree of <paramref name="size"/> records with
    /// <paramref name="root"/> extends <paramref name="witnessed"/>, by a proof from the database.</summary>
    private async Task CheckExtendsAsync(ChildIndexDbContext db, V1.SignedCheckpoint witnessed, long size, byte[] root, CancellationToken cancellationToken)
    {
        var witnessedSize = witnessed.TreeSize;
        if (size < witnessedSize)
        {
            Compromise(string.Create(CultureInfo.InvariantCulture,
                $"the trail in the database holds {size} records, but the {witness!.Description} holds a checkpoint of {witnessedSize}: records were deleted, or the database was restored from an older copy"));
        }

        bool consistent;
        try
        {
            var proof = size == witnessedSize ? [] : await ProofAsync(db, witnessedSize, size, cancellationToken);
            consistent = MerkleTree.VerifyConsistency(witnessedSize, size, witnessed.RootHash.Span, root, proof);
        }
        catch (InvalidOperationException)
        {
            // The database lacks records or nodes a proof needs.
            consistent = false;
        }

        if (!consistent)
        {
            Compromise(string.Create(CultureInfo.InvariantCulture,
                $"the trail in the database ({size} records) does not extend the checkpoint of {witnessedSize} records held by the {witness!.Description}: records it covers were altered, removed or replaced"));
        }
    }

    private static async Task<IReadOnlyList<byte[]>> ProofAsync(ChildIndexDbContext db, long first, long second, CancellationToken cancellationToken) =>
        first == 0 || first == second ? [] : await AuditTreeNodes.ProofAsync(db, MerkleNodes.ConsistencyPlan(first, second), cancellationToken);

    private void Remember(V1.SignedCheckpoint checkpoint)
    {
        lock (_lock)
        {
            if (_witnessed is null || _witnessed.TreeSize < checkpoint.TreeSize)
            {
                _witnessed = checkpoint;
            }
        }
    }

    private void Compromise(string reason)
    {
        lock (_lock)
        {
            _compromised ??= reason;
        }

        LogCompromised(logger, reason);
        throw new AuditTrailCompromisedException(reason);
    }

    private void Failed(Exception error)
    {
        if (MarkUnreachable(error.Message))
        {
            LogUnreachable(logger, witness!.Description, error.Message);
        }
    }

    private void LostCheckpoints(long holds, long published)
    {
        var reason = string.Create(CultureInfo.InvariantCulture,
            $"the witness holds a checkpoint of {holds} records but has cosigned one of {published}: it lost checkpoints");
        if (MarkUnreachable(reason))
        {
            LogWitnessLostCheckpoints(logger, witness!.Description, holds, published);
        }
    }

    /// <summary>True when this is news (the witness was answering before).</summary>
    private bool MarkUnreachable(string reason)
    {
        lock (_lock)
        {
            var first = _unreachable is null;
            _unreachable = reason;
            _retryAfter = _time.GetUtcNow() + RetryInterval;
            return first;
        }
    }

    private bool RetryDue()
    {
        lock (_lock)
        {
            return _unreachable is null || _time.GetUtcNow() >= _retryAfter;
        }
    }

    private void Reachable()
    {
        bool was;
        lock (_lock)
        {
            was = _unreachable is not null;
            _unreachable = null;
        }

        if (was)
        {
            LogReachable(logger, witness!.Description);
        }
    }


    [LoggerMessage(3101, LogLevel.Critical, "AUDIT TRAIL NOT TRUSTED, failing closed (nothing signed, NOT_SERVING, only the audit trail's readers served): {Reason}")]
    private static partial void LogCompromised(ILogger logger, string reason);

    [LoggerMessage(3102, LogLevel.Warning, "The audit witness ({Witness}) cannot be reached: checkpoints wait until it can ({Error})")]
    private static partial void LogUnreachable(ILogger logger, string witness, string error);

    [LoggerMessage(3103, LogLevel.Information, "The audit witness ({Witness}) answers again")]
    private static partial void LogReachable(ILogger logger, string witness);

    [LoggerMessage(3106, LogLevel.Error, "The audit witness ({Witness}) holds a checkpoint of {Holds} records but has cosigned one of {Published}: its storage was lost or restored from an older copy. Nothing is signed until it holds its checkpoints again (restore them), or until this directory is restarted, which publishes again from what the witness holds")]
    private static partial void LogWitnessLostCheckpoints(ILogger logger, string witness, long holds, long published);

    [LoggerMessage(3107, LogLevel.Warning, "The audit witness still holds {Witnessed} records after repeated conflicts with other instances; checkpoint {Newest} is published after the next commit")]
    private static partial void LogPublishDeferred(ILogger logger, long newest, long witnessed);

    [LoggerMessage(3105, LogLevel.Warning, "No audit witness (AUDIT_WITNESS): checkpoints are kept only in the database, whose owners could rewrite the trail's tail and have it signed")]
    private static partial void LogNoWitness(ILogger logger);

    [LoggerMessage(3104, LogLevel.Information, "Audit trail of {TreeSize} records extends the newest witnessed checkpoint ({WitnessedSize} records, {Witness})")]
    private static partial void LogChecked(ILogger logger, long treeSize, long witnessedSize, string witness);
}
