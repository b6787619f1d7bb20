using ChildIndex.Common.Errors;
using ChildIndex.Core.Access;
using ChildIndex.Core.Audit;
using ChildIndex.Core.Identifiers;
using ChildIndex.Core.ReadModel;
using ChildIndex.Core.Records;
using ChildIndex.Core.Storage;
using ChildIndex.Core.Time;
using ChildIndex.Core.Validation;
using Microsoft.EntityFrameworkCore;
using V1 = ChildIndex.Contracts.V1;

namespace ChildIndex.Core.Retention;

/// <summary>
/// The index team's retention facts of one record: a recorded death, an extension to 25, a legal
/// hold. Each change, the read model's document and the call's audit record commit together.
/// </summary>
public sealed class RetentionManagement(ChildIndexDbContext db, CallAudit audit, TimeProvider time)
{
    public async Task<V1.RetentionState> RecordDeathAsync(V1.RecordDeathRequest request, Caller caller, CancellationToken cancellationToken)
    {
        Permissions.Demand(caller, DirectoryAction.RecordDeath);
        var violations = new Violations();
        var childId = FieldRules.ChildId(request.ChildId, "child_id", violations);
        var died = FieldRules.Date(request.DateOfDeath, "date_of_death", violations, required: true);
        if (died > UkCalendar.Today(time))
        {
            violations.Add("date_of_death", "must not be in the future");
        }

        violations.ThrowIfAny();
        return await ChangeAsync(childId!, child =>
        {
            if (child.DateOfDeath is not null)
            {
                throw Conflict($"a death is already recorded for child {ChildId.Format(childId!)}");
            }

            if (died < child.DateOfBirth)
            {
                throw DomainException.Invalid("date_of_death", "must not be before the date of birth");
            }

            child.DateOfDeath = died;
            child.Status = RecordStatus.Deceased;
            return "death recorded";
        }, cancellationToken);
    }

    public async Task<V1.RetentionState> SetExtensionAsync(V1.SetRetentionExtensionRequest request, Caller caller, CancellationToken cancellationToken)
    {
        Permissions.Demand(caller, DirectoryAction.SetRetentionExtension);
        var violations = new Violations();
        var childId = FieldRules.ChildId(request.ChildId, "child_id", violations);
        if (!Enum.IsDefined(request.Extension))
        {
            violations.Add("extension", "is not a known RetentionExtension");
        }

        violations.ThrowIfAny();
        var extension = (RetentionExtension)request.Extension;
        return await ChangeAsync(childId!, child =>
        {
            child.RetentionExtension = extension;
            return $"retention extension: {extension}";
        }, cancellationToken);
    }

    public async Task<V1.RetentionState> SetLegalHoldAsync(V1.SetLegalHoldRequest request, Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        Permissions.Demand(caller, DirectoryAction.SetLegalHold);
        var violations = new Violations();
        var childId = FieldRules.ChildId(request.ChildId, "child_id", violations);
        var reason = FieldRules.Justification(request.Reason, "reason", violations, required: true);
        violations.ThrowIfAny();

        // A hold matters most once archived (it stops the purge), so it may be placed then too.
        return await ChangeAsync(childId!, child =>
        {
            if (request.Hold == (child.LegalHoldReason is not null))
            {
                throw Conflict(request.Hold
                    ? $"child {ChildId.Format(childId!)} is already under a legal hold"
                    : $"child {ChildId.Format(childId!)} is not under a legal hold");
            }

            child.LegalHoldReason = request.Hold ? reason : null;
            child.LegalHoldSetBy = request.Hold ? caller.Subject : null;
            child.LegalHoldSetAt = request.Hold ? time.StorableNow() : null;
            return request.Hold ? $"legal hold placed: {reason}" : $"legal hold lifted: {reason}";
        }, cancellationToken, allowArchived: true);
    }

    public static V1.RetentionState State(Child child)
    {
        ArgumentNullException.ThrowIfNull(child);
        var state = new V1.RetentionState
        {
            ChildId = ChildId.Format(child.IndexId),
            Status = (V1.RecordStatus)child.Status,
            Extension = (V1.RetentionExtension)child.RetentionExtension,
            ArchiveDue = RecordMapping.ToContract(RetentionPolicy.ArchiveDue(RetentionJob.Facts(child))),
            LegalHold = child.LegalHoldReason is not null,
            LegalHoldReason = child.LegalHoldReason ?? string.Empty,
        };
        if (child.DateOfDeath is { } died)
        {
            state.DateOfDeath = RecordMapping.ToContract(died);
        }

        if (child.ArchivedOn is { } archived)
        {
            state.ArchivedOn = RecordMapping.ToContract(archived);
            state.PurgeDue = RecordMapping.ToContract(RetentionPolicy.Anniversary(archived, RetentionPolicy.YearsArchivedBeforePurge));
        }

        return state;
    }

    private async Task<V1.RetentionState> ChangeAsync(string childId, Func<Child, string> change, CancellationToken cancellationToken, bool allowArchived = false)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (!await ChildDocuments.TryLockAsync(db, childId, cancellationToken))
        {
            throw DomainException.ChildNotFound(ChildId.Format(childId));
        }

        var child = await ChildDocuments.LoadAsync(db, childId, cancellationToken);
        if (child.MergedInto is { } survivor)
        {
            // Its retention is its survivor's: a purge takes it with the survivor.
            throw Conflict($"child {ChildId.Format(childId)} is merged into {ChildId.Format(survivor)}: act on that record");
        }

        if (child.Status == RecordStatus.Archived && !allowArchived)
        {
            throw Conflict($"child {ChildId.Format(childId)} is archived");
        }

        var detail = change(child);
        // The version moves on so that a concurrent update of the details fails as stale.
        await db.Children.Where(c => c.Id == child.Id).ExecuteUpdateAsync(set => set
            .SetProperty(c => c.Status, child.Status)
            .SetProperty(c => c.DateOfDeath, child.DateOfDeath)
            .SetProperty(c => c.RetentionExtension, child.RetentionExtension)
            .SetProperty(c => c.LegalHoldReason, child.LegalHoldReason)
            .SetProperty(c => c.LegalHoldSetBy, child.LegalHoldSetBy)
            .SetProperty(c => c.LegalHoldSetAt, child.LegalHoldSetAt)
            .SetProperty(c => c.UpdatedAt, time.StorableNow())
            .SetProperty(c => c.Version, c => c.Version + 1),
            cancellationToken);
        await ChildDocuments.RefreshAsync(db, childId, cancellationToken);
        await audit.AppendWithinAsync(db, [childId], detail, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return State(child);
    }

    private static DomainException Conflict(string message) => new(DomainErrorKind.Conflict, message);
}
