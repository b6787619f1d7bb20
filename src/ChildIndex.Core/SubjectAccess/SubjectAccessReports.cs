using ChildIndex.Common.Errors;
using ChildIndex.Core.Access;
using ChildIndex.Core.Audit;
using ChildIndex.Core.Identifiers;
using ChildIndex.Core.ReadModel;
using ChildIndex.Core.Storage;
using ChildIndex.Core.Validation;
using Google.Protobuf.WellKnownTypes;
using Microsoft.EntityFrameworkCore;
using V1 = ChildIndex.Contracts.V1;

namespace ChildIndex.Core.SubjectAccess;

/// <summary>
/// What the index discloses to a data subject: the record as held (the read model's unredacted
/// document) and every call the trail links to the child, reduced to organisation, time, action,
/// purpose and outcome: the people who looked are the organisations' to name, not the index's.
/// </summary>
public sealed class SubjectAccessReports(ChildIndexDbContext db, AuditQueries trail, TimeProvider time)
{
    private const int Page = 100;

    public async Task<V1.SubjectAccessReport> ReportAsync(V1.SubjectAccessRequest request, Caller caller, CancellationToken cancellationToken)
    {
        Permissions.Demand(caller, DirectoryAction.SubjectAccess);
        var violations = new Violations();
        var childId = FieldRules.ChildId(request.ChildId, "child_id", violations);
        violations.ThrowIfAny();

        var document = await ChildDocuments.FindAsync(db, childId!, cancellationToken)
            ?? throw DomainException.ChildNotFound(ChildId.Format(childId!));
        var report = new V1.SubjectAccessReport
        {
            Record = ChildDocuments.Parse(document),
            GeneratedAt = Timestamp.FromDateTimeOffset(time.GetUtcNow()),
        };

        // Accesses under the ids of records merged into this one are the same child's.
        var ids = await db.Children.AsNoTracking().Where(c => c.MergedInto == childId).Select(c => c.IndexId).ToListAsync(cancellationToken);
        ids.Insert(0, childId!);
        var accesses = new Dictionary<long, V1.AuditRecord>();
        foreach (var id in ids)
        {
            var before = long.MaxValue;
            while (true)
            {
                var (records, next, inconsistent) = await trail.NamingChildAsync(id, Page, before, cancellationToken);
                report.InconsistentRows += inconsistent;
                foreach (var record in records)
                {
                    accesses[record.Sequence] = record;
                }

                if (next.Length == 0)
                {
                    break;
                }

                before = long.Parse(next, System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        report.Accesses.AddRange(accesses.OrderByDescending(a => a.Key).Select(a => Access(a.Value)));
        return report;
    }

    private static V1.RecordAccess Access(V1.AuditRecord record) => new()
    {
        Time = record.Time,
        OrganisationCode = record.Actor?.OrganisationCode ?? string.Empty,
        OrganisationName = record.Actor?.OrganisationName ?? string.Empty,
        Action = record.Action[(record.Action.LastIndexOf('/') + 1)..],
        Purpose = record.Purpose?.Code ?? V1.AccessPurposeCode.Unspecified,
        Outcome = record.Outcome,
        BreakGlass = record.BreakGlass,
    };
}
