using ChildIndex.Core.Access;
using ChildIndex.Common.Errors;
using ChildIndex.Core.Audit;
using ChildIndex.Core.Identifiers;
using ChildIndex.Core.ReadModel;
using ChildIndex.Core.Shielding;
using ChildIndex.Core.Storage;
using ChildIndex.Core.Validation;
using Google.Protobuf.WellKnownTypes;
using V1 = ChildIndex.Contracts.V1;

namespace ChildIndex.Core.Lookup;

/// <summary>
/// Shows one child's whole record to a practitioner, as much of it as the caller may see: the index
/// team sees everything; others see a shielded record only as <see cref="RecordRedaction.Shielded"/>
/// shows it (unless they hold a live break-glass override of it) and never a sensitive service's details.
/// The record comes from the read model in one primary-key read; only a shielded child seen by
/// someone other than the index team costs a second (the look-up of an override).
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

        var document = await ChildDocuments.FindAsync(db, childId!, cancellationToken)
            ?? throw DomainException.ChildNotFound(ChildId.Format(childId!));
        var record = ChildDocuments.Parse(document);

        if (caller.IsIndexAdmin)
        {
            if (document.Shielded)
            {
                audit.MarkShielded(document.IndexId);
                record.IndexTeamContact = shielding.Contact();
            }

            return record;
        }

        Timestamp? breakGlassUntil = null;
        if (document.Shielded)
        {
            audit.MarkShielded(document.IndexId);
            var grant = await BreakGlassAccess.LiveGrantAsync(db, caller.Subject, document.ChildId, time.GetUtcNow(), cancellationToken);
            if (grant is null)
            {
                return RecordRedaction.Shielded(record, shielding.Contact());
            }

            // The override's justification goes with every look-up it opens, for the reviewers.
            audit.MarkBreakGlass(document.IndexId, $"under break-glass {grant.Id}: {grant.Justification}");
            breakGlassUntil = Timestamp.FromDateTimeOffset(grant.ExpiresAt);
        }

        RecordRedaction.HideOtherAgenciesLocalIds(record, caller.OrganisationCode);
        RecordRedaction.HideSensitiveServices(record, shielding.Contact());
        if (breakGlassUntil is not null)
        {
            // The override opens the shield only: sensitive services stay hidden.
            record.BreakGlassUntil = breakGlassUntil;
            record.IndexTeamContact = shielding.Contact();
        }

        return record;
    }
}
