using ChildIndex.Common.Errors;
using ChildIndex.Core.Access;
using ChildIndex.Core.Audit;
using ChildIndex.Core.Diagnostics;
using ChildIndex.Core.Identifiers;
using ChildIndex.Core.ReadModel;
using ChildIndex.Core.Records;
using ChildIndex.Core.Storage;
using ChildIndex.Core.Time;
using ChildIndex.Core.Validation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using V1 = ChildIndex.Contracts.V1;

namespace ChildIndex.Core.Shielding;

/// <summary>
/// The index team shields and unshields records (reg 6(5)-(6)). The child's shield fields, its search
/// keys' copy of the flag, its read-model document and the call's audit record change in one transaction: a search never finds
/// a shielded child through fields it hides, and the trail never misses a change.
/// </summary>
public sealed class ShieldManagement(ChildIndexDbContext db, CallAudit audit, TimeProvider time, ILogger<ShieldManagement> logger)
{
    public async Task<V1.ShieldingState> ShieldAsync(V1.ShieldChildRequest request, Caller caller, CancellationToken cancellationToken)
    {
        Permissions.Demand(caller, DirectoryAction.ShieldChild);
        var violations = new Violations();
        var childId = FieldRules.ChildId(request.ChildId, "child_id", violations);
        var reason = ShieldingMapping.ToDomain(request.Reason);
        if (reason is null)
        {
            violations.Add("reason", "is required: SHIELD_REASON_DOMESTIC_ABUSE, SHIELD_REASON_WITNESS_PROTECTION or SHIELD_REASON_OTHER_RISK");
        }

        var justification = FieldRules.Justification(request.Justification, "justification", violations, required: false);
        violations.ThrowIfAny();

        var now = time.StorableNow();
        var detail = justification is null ? $"shielded: {reason}" : $"shielded: {reason}: {justification}";
        await ChangeAsync(childId!, new ShieldFields(true, reason, justification, now), detail, cancellationToken);
        logger.ChildShielded(childId!);
        return ShieldingMapping.State(childId!, shielded: true, reason, now);
    }

    public async Task<V1.ShieldingState> UnshieldAsync(V1.UnshieldChildRequest request, Caller caller, CancellationToken cancellationToken)
    {
        Permissions.Demand(caller, DirectoryAction.UnshieldChild);
        var violations = new Violations();
        var childId = FieldRules.ChildId(request.ChildId, "child_id", violations);
        var justification = FieldRules.Justification(request.Justification, "justification", violations, required: true);
        violations.ThrowIfAny();

        // The shield's reason and justification go with it: the trail keeps the history.
        await ChangeAsync(childId!, new ShieldFields(false, null, null, null), $"unshielded: {justification}", cancellationToken);
        logger.ChildUnshielded(childId!);
        return ShieldingMapping.State(childId!, shielded: false, null, null);
    }

    private async Task ChangeAsync(string childId, ShieldFields to, string detail, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var keys = await db.Children.Where(c => c.IndexId == childId).Select(c => new { c.Id, c.MergedInto }).Take(1).ToListAsync(cancellationToken);
        if (keys.Count == 0)
        {
            throw DomainException.ChildNotFound(ChildId.Format(childId));
        }

        // A merged record is shown only as its survivor: shielding it would protect nothing.
        if (keys[0].MergedInto is { } survivor)
        {
            throw new DomainException(DomainErrorKind.Conflict, $"child {ChildId.Format(childId)} is merged into {ChildId.Format(survivor)}: shield or unshield that record");
        }

        var key = keys[0].Id;
        await ChildDocuments.LockAsync(db, childId, cancellationToken);

        // Conditional on the current state, so that of two concurrent calls one wins and the other is
        // refused. The version moves on so that a concurrent update of the details, whose rebuilt
        // search keys copy the flag as it was read, fails as stale instead of undoing the change.
        var changed = await db.Children
            .Where(c => c.Id == key && c.Shielded != to.Shielded)
            .ExecuteUpdateAsync(
                set => set
                    .SetProperty(c => c.Shielded, to.Shielded)
                    .SetProperty(c => c.ShieldReason, to.Reason)
                    .SetProperty(c => c.ShieldJustification, to.Justification)
                    .SetProperty(c => c.ShieldedAt, to.At)
                    .SetProperty(c => c.Version, c => c.Version + 1),
                cancellationToken);
        if (changed == 0)
        {
            throw new DomainException(DomainErrorKind.Conflict, to.Shielded
                ? $"child {ChildId.Format(childId)} is already shielded"
                : $"child {ChildId.Format(childId)} is not shielded");
        }

        await db.SearchKeys.Where(k => k.ChildId == key).ExecuteUpdateAsync(set => set.SetProperty(k => k.Shielded, to.Shielded), cancellationToken);
        await ChildDocuments.RefreshAsync(db, childId, cancellationToken);
        await audit.AppendWithinAsync(db, [childId], detail, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private sealed record ShieldFields(bool Shielded, ShieldReason? Reason, string? Justification, DateTimeOffset? At);
}
