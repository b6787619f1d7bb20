using ChildIndex.Core.Access;
using ChildIndex.Common.Errors;
using ChildIndex.Core.Identifiers;
using ChildIndex.Core.Records;
using ChildIndex.Core.Storage;
using ChildIndex.Core.Validation;
using Microsoft.EntityFrameworkCore;
using V1 = ChildIndex.Contracts.V1;

namespace ChildIndex.Core.Lookup;

/// <summary>Shows one child's whole record to a practitioner, as much of it as the caller may see.</summary>
public sealed class ChildRecordView(ChildIndexDbContext db)
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

        // An agency-local identifier is shown only to staff of the agency that issued it.
        if (!caller.IsIndexAdmin)
        {
            child.LocalIds.RemoveAll(l => !string.Equals(l.OrganisationCode, caller.OrganisationCode, StringComparison.OrdinalIgnoreCase));
        }

        return RecordMapping.ToContract(child);
    }
}
