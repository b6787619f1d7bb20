using ChildIndex.Common.Errors;
using ChildIndex.Core.Access;
using ChildIndex.Core.Audit;
using ChildIndex.Core.Diagnostics;
using ChildIndex.Core.Identifiers;
using ChildIndex.Core.Merging;
using ChildIndex.Core.Records;
using ChildIndex.Core.Storage;
using ChildIndex.Core.Time;
using ChildIndex.Core.Validation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using V1 = ChildIndex.Contracts.V1;

namespace ChildIndex.Core.Shielding;

/// <summary>
/// The break-glass override: a safeguarding lead opens one shielded record in full, for themselves
/// alone and for a short time, knowing that the access is marked in the audit trail and that the
/// index team will review it. The shield stays in place for everyone else.
/// </summary>
public sealed class BreakGlassAccess(ChildIndexDbContext db, CallAudit audit, ShieldingOptions options, TimeProvider time, ILogger<BreakGlassAccess> logger)
{
    public const int MinJustificationLength = 10;

    public async Task<V1.BreakGlassGrant> BreakGlassAsync(V1.BreakGlassRequest request, Caller caller, CancellationToken cancellationToken)
    {
        Permissions.Demand(caller, DirectoryAction.BreakGlass);
        var violations = new Violations();
        var childId = FieldRules.ChildId(request.ChildId, "child_id", violations);
        var justification = FieldRules.Justification(request.Justification, "justification", violations, required: true, MinJustificationLength);
        FieldRules.Purpose(request.Purpose, "purpose", violations);
        violations.ThrowIfAny();

        // The override opens the record GetChild shows for this id: a merged id's survivor.
        childId = (await MergedRecords.ResolveAsync(db, childId!, cancellationToken)).IndexId;
        var child = await db.Children.AsNoTracking()
            .Where(c => c.IndexId == childId)
            .Select(c => new { c.Id, c.Shielded })
            .SingleOrDefaultAsync(cancellationToken)
            ?? throw DomainException.ChildNotFound(ChildId.Format(childId!));
        if (!child.Shielded)
        {
            throw new DomainException(DomainErrorKind.Conflict, $"child {ChildId.Format(childId!)} is not shielded: GetChild shows the record without an override");
        }

        var now = time.StorableNow();
        var grant = new BreakGlassGrant
        {
            Id = Guid.CreateVersion7(now),
            ChildId = child.Id,
            UserSubject = caller.Subject,
            UserName = caller.Name.Length <= 100 ? caller.Name : caller.Name[..100],
            OrganisationCode = caller.OrganisationCode,
            Justification = justification!,
            OpenedAt = now,
            ExpiresAt = now + options.BreakGlassDuration,
        };

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Committed with its audit record, or not at all.
        db.BreakGlassGrants.Add(grant);
        await db.SaveChangesAsync(cancellationToken);
        audit.MarkBreakGlass(childId!);
        await audit.AppendWithinAsync(db, [childId!], $"break-glass {grant.Id}: {justification}", cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        logger.BreakGlassGranted(grant.Id, childId!, grant.ExpiresAt);
        return ShieldingMapping.ToContract(grant, childId!);
    }

    /// <summary><paramref name="subject"/>'s live override of the child that lasts longest; null when none is live.</summary>
    public static async Task<BreakGlassGrant?> LiveGrantAsync(ChildIndexDbContext db, string subject, long childKey, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (string.IsNullOrEmpty(subject))
        {
            return null;
        }

        // Compared here, not in SQL: SQLite keeps these times as text and cannot compare them. A user
        // has few overrides of one child, and the index (UserSubject, ChildId, ExpiresAt) finds them.
        var grants = await db.BreakGlassGrants.AsNoTracking()
            .Where(g => g.UserSubject == subject && g.ChildId == childKey)
            .ToListAsync(cancellationToken);
        return grants.Where(g => g.ExpiresAt > now).MaxBy(g => g.ExpiresAt);
    }
}
