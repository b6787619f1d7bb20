using ChildIndex.Core.Access;
using ChildIndex.Common.Errors;
using ChildIndex.Core.Audit;
using ChildIndex.Core.Identifiers;
using ChildIndex.Core.Records;
using ChildIndex.Core.Shielding;
using ChildIndex.Core.Storage;
using ChildIndex.Core.Validation;
using Google.Protobuf.WellKnownTypes;
using Microsoft.EntityFrameworkCore;
using V1 = ChildIndex.Contracts.V1;

namespace ChildIndex.Core.Lookup;

/// <summary>
/// Shows one child's whole record to a practitioner, as much of it as the caller may see: the index
/// team sees everything; others see a shielded record only as <see cref="RecordRedaction.Shielded"/>
/// shows it (unless they hold a live break-glass override of it) and never a sensitive service's details.
/// </summary>
public sealed class ChildRecordView(ChildIndexDbContext db, CallAudit audit, ShieldingOptions shielding, TimeProvider time)
{
    public async Task<V1.ChildRecord> GetAsync(V1.GetChildRequest request, Caller caller, CancellationToken cancellationToken)
    {
        Permissions.Demand(caller, DirectoryAction.GetChild);
        var violations = new Violations();
        FieldRules.Purpose(request.Purpose, "purpose", violations);
        var childId = FieldRules.ChildId(request.ChildId, "child_id", violations);
        violations.ThrowIfAny();

        var child = await db.Children
            .AsNoTracking()
            .Include(c => c.OtherNames)
            .Include(c => c.Carers)
            .Include(c => c.LocalIds)
            .Include(c => c.Involvements)
            .AsSplitQuery()
            .SingleOrDefaultAsync(c => c.IndexId == childId, cancellationToken)
            ?? throw DomainException.ChildNotFound(ChildId.Format(childId!));

        if (caller.IsIndexAdmin)
        {
            return IndexTeamView(child);
        }

        Timestamp? breakGlassUntil = null;
        if (child.Shielded)
        {
            audit.MarkShielded(child.IndexId);
            var until = await BreakGlassAccess.LiveUntilAsync(db, caller.Subject, child.Id, time.GetUtcNow(), cancellationToken);
            if (until is null)
            {
                return RecordRedaction.Shielded(child, shielding.Contact());
            }

            audit.MarkBreakGlass(child.IndexId);
            breakGlassUntil = Timestamp.FromDateTimeOffset(until.Value);
        }

        // An agency-local identifier is shown only to staff of the agency that issued it.
        child.LocalIds.RemoveAll(l => !string.Equals(l.OrganisationCode, caller.OrganisationCode, StringComparison.OrdinalIgnoreCase));
        var record = RecordMapping.ToContract(child);
        RecordRedaction.HideSensitiveServices(record, shielding.Contact());
        if (breakGlassUntil is not null)
        {
            // The override opens the shield only: sensitive services stay hidden.
            record.BreakGlassUntil = breakGlassUntil;
            record.IndexTeamContact = shielding.Contact();
        }

        return record;
    }

    private V1.ChildRecord IndexTeamView(Child child)
    {
        var record = RecordMapping.ToContract(child);
        if (child.Shielded)
        {
            audit.MarkShielded(child.IndexId);
            record.IndexTeamContact = shielding.Contact();
        }

        return record;
    }
}
