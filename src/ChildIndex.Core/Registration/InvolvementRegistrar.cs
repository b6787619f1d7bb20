using System.Security.Cryptography;
using ChildIndex.Core.Access;
using ChildIndex.Core.Audit;
using ChildIndex.Core.Diagnostics;
using ChildIndex.Common.Errors;
using ChildIndex.Core.Identifiers;
using ChildIndex.Core.Merging;
using ChildIndex.Core.ReadModel;
using ChildIndex.Core.Records;
using ChildIndex.Core.Storage;
using ChildIndex.Common.Storage;
using ChildIndex.Core.Time;
using ChildIndex.Core.Validation;
using Google.Protobuf;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using V1 = ChildIndex.Contracts.V1;

namespace ChildIndex.Core.Registration;

/// <summary>Records and ends services' involvement with a child.</summary>
public sealed class InvolvementRegistrar(ChildIndexDbContext db, CallAudit audit, TimeProvider time, ILogger<InvolvementRegistrar> logger)
{
    public const string RecordOperation = "RecordInvolvement";

    public async Task<V1.RecordInvolvementResponse> RecordAsync(V1.RecordInvolvementRequest request, Caller caller, CancellationToken cancellationToken)
    {
        Permissions.Demand(caller, DirectoryAction.RecordInvolvement);
        try
        {
            return await RecordOnceAsync(request, caller, cancellationToken);
        }
        catch (DbUpdateException error) when (StorageErrors.IsUniqueViolation(error))
        {
            // The same request arrived twice at once: the second now finds the first's answer.
            db.ChangeTracker.Clear();
            return await RecordOnceAsync(request, caller, cancellationToken);
        }
    }

    public async Task<V1.EndInvolvementResponse> EndAsync(V1.EndInvolvementRequest request, Caller caller, CancellationToken cancellationToken)
    {
        Permissions.Demand(caller, DirectoryAction.EndInvolvement);
        var violations = new Violations();
        var childId = FieldRules.ChildId(request.ChildId, "child_id", violations);
        Guid involvementId = default;
        if (string.IsNullOrWhiteSpace(request.InvolvementId))
        {
            violations.Add("involvement_id", "is required");
        }
        else if (!Guid.TryParseExact(request.InvolvementId.Trim(), "D", out involvementId))
        {
            violations.Add("involvement_id", "must be an involvement identifier as returned by RecordInvolvement");
        }

        var today = UkCalendar.Today(time);
        var endDate = FieldRules.Date(request.EndDate, "end_date", violations, required: true);
        if (endDate > today)
        {
            violations.Add("end_date", "must not be in the future");
        }

        violations.ThrowIfAny();

        // A merged record's id ends the involvement where the merge moved it: on the survivor.
        childId = (await MergedRecords.ResolveAsync(db, childId!, cancellationToken)).IndexId;
        var childKey = await ChildKeyAsync(childId, cancellationToken);
        var involvement = await db.Involvements.AsNoTracking()
            .SingleOrDefaultAsync(i => i.Id == involvementId && i.ChildId == childKey, cancellationToken)
            ?? throw new DomainException(DomainErrorKind.NotFound,
                $"child {ChildId.Format(childId!)} has no involvement {involvementId}");

        if (!caller.ActsFor(involvement.OrganisationCode))
        {
            throw DomainException.Denied("you may end only your own organisation's involvements");
        }

        if (endDate < involvement.StartDate)
        {
            throw DomainException.Invalid("end_date", $"must not be before the involvement's start date ({involvement.StartDate:yyyy-MM-dd})");
        }

        if (involvement.EndDate is null)
        {
            // Conditional, so that two callers ending it at once cannot both win with different dates.
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await ChildDocuments.LockAsync(db, childId!, cancellationToken);
            if (await db.Children.AnyAsync(c => c.Id == childKey && c.Status == RecordStatus.Merged, cancellationToken))
            {
                throw MergedMeanwhile(childId!);
            }

            var updated = await db.Involvements
                .Where(i => i.Id == involvementId && i.EndDate == null)
                .ExecuteUpdateAsync(set => set.SetProperty(i => i.EndDate, endDate), cancellationToken);
            if (updated == 1)
            {
                await ChildDocuments.RefreshAsync(db, childId!, cancellationToken);
                await audit.AppendWithinAsync(db, [childId!], $"involvement {involvementId}", cancellationToken, personalDetail: false);
                await transaction.CommitAsync(cancellationToken);
                logger.InvolvementEnded(involvementId, childId!);
            }

            involvement = await db.Involvements.AsNoTracking().SingleAsync(i => i.Id == involvementId, cancellationToken);
        }

        if (involvement.EndDate != endDate)
        {
            throw new DomainException(DomainErrorKind.Conflict,
                $"involvement {involvementId} already ended on {involvement.EndDate:yyyy-MM-dd}");
        }

        return new V1.EndInvolvementResponse { Involvement = RecordMapping.ToContract(involvement) };
    }

    private async Task<V1.RecordInvolvementResponse> RecordOnceAsync(V1.RecordInvolvementRequest request, Caller caller, CancellationToken cancellationToken)
    {
        var violations = new Violations();
        var childId = FieldRules.ChildId(request.ChildId, "child_id", violations);
        var requestId = FieldRules.RequestId(request.RequestId, "request_id", violations);
        var involvement = RecordReader.ReadInvolvement(request.Involvement, "involvement", violations, UkCalendar.Today(time));
        violations.ThrowIfAny();
        if (!caller.ActsFor(involvement.OrganisationCode))
        {
            throw DomainException.Denied("you may record involvements of your own organisation only (involvement.organisation.code)");
        }

        var scope = caller.Subject;

        var hash = SHA256.HashData(request.ToByteArray());
        var previous = await db.IdempotencyRecords.AsNoTracking()
            .SingleOrDefaultAsync(r => r.Scope == scope && r.RequestId == requestId!.Value, cancellationToken);
        if (previous is not null)
        {
            if (previous.Operation != RecordOperation || !previous.RequestHash.AsSpan().SequenceEqual(hash))
            {
                throw DomainException.Invalid("request_id", "was already used for a different request: use a new UUID for each new request");
            }

            return new V1.RecordInvolvementResponse { InvolvementId = previous.InvolvementId.ToString() };
        }

        // Recorded against a merged record's id, the involvement goes on the survivor, noted as the
        // merged record's so that an unmerge gives it back.
        var target = await MergedRecords.ResolveAsync(db, childId!, cancellationToken);
        var child = await db.Children
            .Where(c => c.IndexId == target.IndexId)
            .Select(c => new { c.Id, c.DateOfBirth, c.Status })
            .SingleOrDefaultAsync(cancellationToken)
            ?? throw DomainException.ChildNotFound(ChildId.Format(childId!));

        if (child.Status == RecordStatus.Archived)
        {
            throw new DomainException(DomainErrorKind.Conflict, $"child {ChildId.Format(target.IndexId)} is archived: involvements are not recorded on archived records");
        }

        if (child.Status == RecordStatus.Merged)
        {
            throw MergedMeanwhile(target.IndexId);
        }

        if (involvement.StartDate < child.DateOfBirth)
        {
            throw DomainException.Invalid("involvement.start_date", "must not be before the child's date of birth");
        }

        if (involvement.LeadProfessional && involvement.IsCurrent &&
            await db.Involvements.AnyAsync(i => i.ChildId == child.Id && i.LeadProfessional && i.EndDate == null, cancellationToken))
        {
            throw new DomainException(DomainErrorKind.Conflict,
                "the child already has a current lead professional: end that involvement first, or record this one without lead_professional");
        }

        involvement.Id = Guid.CreateVersion7();
        involvement.ChildId = child.Id;
        // Stored to the microsecond, as PostgreSQL keeps it: the read model holds what the tables hold.
        involvement.RecordedAt = time.StorableNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await ChildDocuments.LockAsync(db, target.IndexId, cancellationToken);
        var graph = await ChildDocuments.LoadAsync(db, target.IndexId, cancellationToken);
        if (graph.Status == RecordStatus.Merged)
        {
            // Merged between the look-up above and the lock: its survivor is the record now.
            throw MergedMeanwhile(target.IndexId);
        }

        graph.Involvements.Add(involvement);
        ChildDocuments.Stage(db, graph);
        db.Involvements.Add(involvement);
        MergedRecords.NoteWrittenThrough(db, target, MergedRowKind.Involvement, involvement.Id.ToString());
        db.IdempotencyRecords.Add(new IdempotencyRecord
        {
            Scope = scope,
            RequestId = requestId!.Value,
            Operation = RecordOperation,
            RequestHash = hash,
            ChildIndexId = childId!,
            InvolvementId = involvement.Id,
            CreatedAt = involvement.RecordedAt,
        });
        await db.SaveChangesAsync(cancellationToken);
        await audit.AppendWithinAsync(db, [childId!, target.IndexId], $"involvement {involvement.Id}", cancellationToken, personalDetail: false);
        await transaction.CommitAsync(cancellationToken);
        logger.InvolvementRecorded(involvement.Id, target.IndexId);
        return new V1.RecordInvolvementResponse { InvolvementId = involvement.Id.ToString() };
    }

    private static DomainException MergedMeanwhile(string childId) =>
        new(DomainErrorKind.Conflict, $"child {ChildId.Format(childId)} was merged into another record just now: send the request again");

    private async Task<long> ChildKeyAsync(string childId, CancellationToken cancellationToken)
    {
        var keys = await db.Children.Where(c => c.IndexId == childId).Select(c => c.Id).Take(1).ToListAsync(cancellationToken);
        return keys.Count == 1 ? keys[0] : throw DomainException.ChildNotFound(ChildId.Format(childId));
    }
}
