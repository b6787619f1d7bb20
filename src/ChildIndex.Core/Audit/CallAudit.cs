using ChildIndex.Core.Storage;
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

    public V1.AuditRecord? Pending => _pending;

    /// <summary>Whether a write has already appended the call's record.</summary>
    public bool Written { get; private set; }

    public void Begin(V1.AuditRecord record) => _pending = record;

    /// <summary>Appends the call's record, naming the children written, in the open transaction.</summary>
    public async Task AppendWithinAsync(ChildIndexDbContext db, IEnumerable<string> childIds, string? detail, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(childIds);
        if (_pending is null)
        {
            return;
        }

        var record = _pending.Clone();
        record.Outcome = "OK";
        record.ChildIds.AddRange(childIds.Select(Identifiers.ChildId.Format).Distinct());
        record.Detail = detail ?? string.Empty;
        await appender.AppendAsync(db, [record], cancellationToken);
        Written = true;
    }
}
