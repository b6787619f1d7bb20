using ChildIndex.Core.Access;
using ChildIndex.Common.Errors;
using ChildIndex.Core.Audit;
using ChildIndex.Core.Identifiers;
using ChildIndex.Core.Merging;
using ChildIndex.Core.ReadModel;
using ChildIndex.Core.Retention;
using ChildIndex.Core.Shielding;
using ChildIndex.Core.Storage;
using ChildIndex.Core.Time;
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

        var (document, record) = await FindFollowingMergesAsync(childId!, cancellationToken);
        var shown = await ShowAsync(document, record, childId!, request, caller, cancellationToken);
        if (document.IndexId != childId)
        {
            shown.RequestedChildId = ChildId.Format(childId!);
        }

        return shown;
    }

    /// <summary>The record of <paramref name="childId"/>, or of the record it was merged into, so
    /// that agency systems holding a merged id keep working.</summary>
    private async Task<(ChildDocument Document, V1.ChildRecord Record)> FindFollowingMergesAsync(string childId, CancellationToken cancellationToken)
    {
        var id = childId;
        for (var hop = 0; hop < MergedRecords.MaxChain; hop++)
        {
            var document = await ChildDocuments.FindAsync(db, id, cancellationToken)
                ?? throw DomainException.ChildNotFound(ChildId.Format(childId));
            var record = ChildDocuments.Parse(document);
            if (record.Status != V1.RecordStatus.Merged || !ChildId.TryParse(record.MergedInto, out var survivor))
            {
                return (document, record);
            }

            id = survivor;
        }

        throw new InvalidOperationException($"child {ChildId.Format(childId)} is merged through more than {MergedRecords.MaxChain} records");
    }

    private async Task<V1.ChildRecord> ShowAsync(ChildDocument document, V1.ChildRecord record, string childId, V1.GetChildRequest request, Caller caller, CancellationToken cancellationToken)
    {
        if (record.Status == V1.RecordStatus.Archived)
        {
            CheckArchivedAccess(record, childId!, request.Purpose.Code, caller);
        }

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

    /// <summary>An archived record is not in the index for anyone but the index team (the same
    /// answer as for an id never issued); a year after archiving, the index team too needs a
    /// serious enquiry as its stated purpose.</summary>
    private void CheckArchivedAccess(V1.ChildRecord record, string childId, V1.AccessPurposeCode purpose, Caller caller)
    {
        if (!caller.IsIndexAdmin)
        {
            throw DomainException.ChildNotFound(ChildId.Format(childId));
        }

        // A document without the date (written by hand, or by a release before retention) is
        // treated as long archived: the stricter rule, never the looser.
        var longArchived = record.ArchivedOn is not { } date
            || RetentionPolicy.AccessToArchived(new DateOnly(date.Year, date.Month, date.Day), UkCalendar.Today(time)) == ArchivedAccess.SeriousEnquiryOnly;
        if (longArchived
            && purpose is not (V1.AccessPurposeCode.ChildProtectionEnquiry or V1.AccessPurposeCode.SeriousCaseReview or V1.AccessPurposeCode.ChildDeathReview))
        {
            throw DomainException.Denied(
                $"child {ChildId.Format(childId)} was archived over a year ago: it may be opened only for a serious enquiry (purpose child protection enquiry, serious case review or child death review)");
        }
    }
}
