using ChildIndex.Core.Storage;
using Microsoft.EntityFrameworkCore;
using V1 = ChildIndex.Contracts.V1;

namespace ChildIndex.Core.Audit;

/// <summary>
/// The audit record of the RPC in progress (one per call scope). The audit interceptor begins it;
/// an operation that writes appends it inside its own transaction, so that the write and its record
/// commit together; anything else (reads, refusals) is appended by the interceptor before the answer
/// leaves. Outside a call (the demo seeder) it does nothing.
/// </summary>
public sealed class CallAudit(AuditAppender appender)
{
    private V1.AuditRecord? _pending;
    private ChildIndexDbContext? _appendedWith;
    private (long Sequence, byte[] LeafHash)? _lastAppended;

    public V1.AuditRecord? Pending => _pending;

    /// <summary>Whether a write has appended the call's record in its transaction (which may
    /// still have failed to commit: see <see cref="LastAppendCommittedAsync"/>).</summary>
    public bool Written { get; private set; }

    public void Begin(V1.AuditRecord record) => _pending = record;

    /// <summary>Notes that the call touched or returned a child whose record is shielded, so that
    /// security officers can find every access to shielded records (formatted index id).</summary>
    public void MarkShielded(string childId)
    {
        var id = Identifiers.ChildId.Format(childId);
        if (_pending is not null && !_pending.ShieldedChildIds.Contains(id))
        {
            _pending.ShieldedChildIds.Add(id);
        }
    }

    /// <summary>Notes that the call opened a shielded record under a break-glass override, and
    /// why (<paramref name="detail"/>, unless the record has a detail already).</summary>
    public void MarkBreakGlass(string childId, string? detail = null)
    {
        MarkShielded(childId);
        if (_pending is not null)
        {
            _pending.BreakGlass = true;
            if (detail is not null && _pending.Detail.Length == 0)
            {
                _pending.Detail = detail;
            }
        }
    }

    /// <summary>Appends the call's record, naming the children written, in the open transaction. A
    /// detail that may describe a child (a justification, a reason typed by a person) is sealed with
    /// the record's personal part; <paramref name="personalDetail"/> false keeps the system's own
    /// words (a rule, a count, an id) readable after the child's purge.</summary>
    public async Task AppendWithinAsync(ChildIndexDbContext db, IEnumerable<string> childIds, string? detail, CancellationToken cancellationToken, bool personalDetail = true)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(childIds);
        if (_pending is null)
        {
            return;
        }

        var record = _pending.Clone();
        record.Outcome = "OK";
        // The request may already have named the child (AuditDescriber): name each child once.
        record.ChildIds.AddRange(childIds.Select(Identifiers.ChildId.Format).Distinct().Where(id => !record.ChildIds.Contains(id)).ToList());
        record.Detail = detail ?? string.Empty;
        var leafHashes = await appender.AppendAsync(db, [record], personalDetail, cancellationToken);
        Written = true;
        _appendedWith = db;
        _lastAppended = (record.Sequence, leafHashes[0]);
    }

    /// <summary>
    /// Whether the last record appended by <see cref="AppendWithinAsync"/> is in the trail: false
    /// when its transaction rolled back after the append (a failed commit), so that the interceptor
    /// records the failed call instead of leaving it unrecorded.
    /// </summary>
    public async Task<bool> LastAppendCommittedAsync(CancellationToken cancellationToken)
    {
        if (_lastAppended is not { } appended || _appendedWith is null)
        {
            return false;
        }

        var stored = await _appendedWith.AuditEntries.AsNoTracking()
            .Where(e => e.Sequence == appended.Sequence)
            .Select(e => e.LeafHash)
            .FirstOrDefaultAsync(cancellationToken);
        return stored is not null && stored.AsSpan().SequenceEqual(appended.LeafHash);
    }
}
