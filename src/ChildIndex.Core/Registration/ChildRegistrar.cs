using System.Security.Cryptography;
using ChildIndex.Core.Access;
using ChildIndex.Core.Audit;
using ChildIndex.Core.Diagnostics;
using ChildIndex.Common.Errors;
using ChildIndex.Core.Identifiers;
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

/// <summary>The outcome of one item of a batch: a response, or the error that refused it.</summary>
public sealed record RegistrationResult(V1.RegisterChildResponse? Response, DomainException? Error);

/// <summary>
/// Registers children and updates their details. A registration either creates a child or finds
/// the child its identifiers already name; a retried request (same request_id) gets its first
/// answer back. See docs/decisions/0004-registration-idempotency.md.
/// </summary>
public sealed class ChildRegistrar(ChildIndexDbContext db, CallAudit audit, TimeProvider time, ILogger<ChildRegistrar> logger)
{
    public const string RegisterOperation = "RegisterChild";

    public async Task<V1.RegisterChildResponse> RegisterAsync(V1.RegisterChildRequest request, Caller caller, CancellationToken cancellationToken)
    {
        Permissions.Demand(caller, DirectoryAction.RegisterChild);
        var result = (await RegisterBatchAsync([request], caller, bulk: false, cancellationToken))[0];
        return result.Response ?? throw result.Error!;
    }

    /// <summary>
    /// Registers a batch in one transaction, so the batch costs one durable commit. Each item is
    /// its own SaveChanges: inside a transaction EF Core sets a savepoint before it and rolls back
    /// to it on failure, so a refused item leaves nothing behind and the others still commit.
    /// </summary>
    public async Task<IReadOnlyList<RegistrationResult>> RegisterManyAsync(
        IReadOnlyList<V1.RegisterChildRequest> requests, Caller caller, CancellationToken cancellationToken)
    {
        Permissions.Demand(caller, DirectoryAction.RegisterChildren);
        return await RegisterBatchAsync(requests, caller, bulk: true, cancellationToken);
    }

    /// <summary>Replaces a child's details if the caller's version is current.</summary>
    public async Task<V1.UpdateChildDetailsResponse> UpdateDetailsAsync(V1.UpdateChildDetailsRequest request, Caller caller, CancellationToken cancellationToken)
    {
        Permissions.Demand(caller, DirectoryAction.UpdateChildDetails);
        return await UpdateDetailsCoreAsync(request, caller, cancellationToken);
    }

    /// <param name="bulk">A batch of a RegisterChildren stream: audited as one record per committed
    /// batch, whatever its items' outcomes. A single registration is audited here only when it
    /// wrote something; a refusal is audited by the caller with its status.</param>
    private async Task<IReadOnlyList<RegistrationResult>> RegisterBatchAsync(
        IReadOnlyList<V1.RegisterChildRequest> requests, Caller caller, bool bulk, CancellationToken cancellationToken)
    {
        var today = UkCalendar.Today(time);
        var results = new RegistrationResult[requests.Count];
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        for (var i = 0; i < requests.Count; i++)
        {
            try
            {
                results[i] = new RegistrationResult(await RegisterWithRetryAsync(requests[i], today, caller, cancellationToken), null);
            }
            catch (DomainException error)
            {
                results[i] = new RegistrationResult(null, error);
            }
            finally
            {
                db.ChangeTracker.Clear();
            }
        }

        var registered = results.Where(r => r.Response is not null).Select(r => r.Response!.ChildId).ToList();
        if (bulk || registered.Count > 0)
        {
            var refused = results.Count(r => r.Error is not null);
            await audit.AppendWithinAsync(db, registered, refused == 0 ? null : $"{refused} of {requests.Count} refused", cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        if (requests.Count > 1)
        {
            logger.BatchRegistered(requests.Count, results.Count(r => r.Error is not null));
        }

        return results;
    }

    private async Task<V1.UpdateChildDetailsResponse> UpdateDetailsCoreAsync(V1.UpdateChildDetailsRequest request, Caller caller, CancellationToken cancellationToken)
    {
        var violations = new Violations();
        var childId = FieldRules.ChildId(request.ChildId, "child_id", violations);
        if (request.ExpectedVersion < 1)
        {
            violations.Add("expected_version", "is required: the version read with the record (versions start at 1)");
        }

        var details = RecordReader.ReadDetails(request.Details, "details", violations, UkCalendar.Today(time));
        violations.ThrowIfAny();

        // Locked before the child is read, so that what the read model gets below includes every
        // involvement and identifier committed by others (ChildDocuments).
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var documented = await ChildDocuments.TryLockAsync(db, childId!, cancellationToken);
        var child = await ChildDocuments.WithGraph(db.Children.Include(c => c.SearchKeys))
            .SingleOrDefaultAsync(c => c.IndexId == childId, cancellationToken)
            ?? throw DomainException.ChildNotFound(ChildId.Format(childId!));
        if (!documented)
        {
            throw ChildDocuments.MissingDocument(child.IndexId);
        }

        // An agency updates only children its organisation knows: it holds an identifier for them
        // or a service involvement with them.
        if (!caller.IsIndexAdmin &&
            !child.LocalIds.Any(l => l.OrganisationCode == caller.OrganisationCode) &&
            !child.Involvements.Any(i => i.OrganisationCode == caller.OrganisationCode))
        {
            throw DomainException.Denied("your organisation holds no identifier or involvement for this child, so it may not update the child's details");
        }

        if (child.Version != request.ExpectedVersion)
        {
            throw StaleVersion(child, request.ExpectedVersion);
        }

        if (child.Status == RecordStatus.Archived)
        {
            throw new DomainException(DomainErrorKind.Conflict, $"child {ChildId.Format(child.IndexId)} is archived: archived records are not updated");
        }

        child.GivenNames = details.GivenNames;
        child.FamilyName = details.FamilyName;
        child.Gender = details.Gender;
        child.DateOfBirth = details.DateOfBirth;
        child.Residence = details.Residence;
        child.Address = details.Address;
        child.OtherNames.Clear();
        child.OtherNames.AddRange(details.OtherNames);
        child.Carers.Clear();
        child.Carers.AddRange(details.Carers);
        SearchKeys.Rebuild(child);
        child.UpdatedAt = time.StorableNow();

        // The database checks the version too (WHERE Version = expected), so two updates racing
        // from the same version cannot both succeed.
        child.Version = request.ExpectedVersion + 1;
        db.Entry(child).Property(c => c.Version).OriginalValue = request.ExpectedVersion;
        ChildDocuments.Stage(db, child);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw StaleVersion(child, request.ExpectedVersion);
        }

        await audit.AppendWithinAsync(db, [child.IndexId], null, cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        logger.DetailsUpdated(child.IndexId, child.Version);
        return new V1.UpdateChildDetailsResponse { ChildId = ChildId.Format(child.IndexId), Version = child.Version };
    }

    private static DomainException StaleVersion(Child child, long expected) =>
        new(DomainErrorKind.StaleVersion,
            $"child {ChildId.Format(child.IndexId)} has changed since version {expected} was read: read it again and reapply the change");

    private static Draft Read(V1.RegisterChildRequest request, DateOnly today, Caller caller)
    {
        var violations = new Violations();
        var requestId = FieldRules.RequestId(request.RequestId, "request_id", violations);
        var child = RecordReader.ReadDetails(request.Details, "details", violations, today);
        var identifiers = RecordReader.ReadIdentifiers(request.Identifiers, "identifiers", violations);
        violations.ThrowIfAny();
        if (identifiers.LocalIds.Any(l => !caller.ActsFor(l.OrganisationCode)))
        {
            throw DomainException.Denied("an agency may give only identifiers its own organisation issued (identifiers.local_ids)");
        }

        return new Draft(requestId!.Value, SHA256.HashData(request.ToByteArray()), child, identifiers);
    }

    private async Task<V1.RegisterChildResponse> RegisterWithRetryAsync(
        V1.RegisterChildRequest request, DateOnly today, Caller caller, CancellationToken cancellationToken)
    {
        try
        {
            return await RegisterOnceAsync(Read(request, today, caller), caller.Subject, cancellationToken);
        }
        catch (DbUpdateException error) when (StorageErrors.IsUniqueViolation(error))
        {
            // Another request stored the same identifier or request id between our look-up and
            // our insert. Looking again finds what it stored.
            logger.RegistrationRaced();
            db.ChangeTracker.Clear();
            // Read again: the first attempt's entities carry state from the failed insert.
            return await RegisterOnceAsync(Read(request, today, caller), caller.Subject, cancellationToken);
        }
    }

    private async Task<V1.RegisterChildResponse> RegisterOnceAsync(Draft draft, string scope, CancellationToken cancellationToken)
    {
        var previous = await db.IdempotencyRecords
            .AsNoTracking()
            .SingleOrDefaultAsync(r => r.Scope == scope && r.RequestId == draft.RequestId, cancellationToken);
        if (previous is not null)
        {
            return await ReplayAsync(previous, draft, cancellationToken);
        }

        // Stored to the microsecond, as PostgreSQL keeps it: the read model holds what the tables hold.
        var now = time.StorableNow();
        var existing = await FindByIdentifiersAsync(draft, cancellationToken);
        Child child;
        V1.RegistrationOutcome outcome;
        if (existing is null)
        {
            child = draft.Child;
            child.IndexId = ChildId.New();
            child.NhsNumber = draft.Identifiers.NhsNumber;
            child.Upn = draft.Identifiers.Upn;
            child.LocalIds.AddRange(draft.Identifiers.LocalIds);
            child.CreatedAt = now;
            child.UpdatedAt = now;
            SearchKeys.Rebuild(child);
            db.Children.Add(child);
            ChildDocuments.Stage(db, child);
            outcome = V1.RegistrationOutcome.Created;
        }
        else
        {
            child = existing;
            if (AddsIdentifiers(child, draft))
            {
                // The record shown changes: lock, then read the child whole, as every writer does.
                await ChildDocuments.LockAsync(db, child.IndexId, cancellationToken);
                db.ChangeTracker.Clear();
                child = await ChildDocuments.WithGraph(db.Children).SingleAsync(c => c.Id == existing.Id, cancellationToken);
                AddMissingIdentifiers(child, draft);
                ChildDocuments.Stage(db, child);
            }

            outcome = V1.RegistrationOutcome.MatchedExisting;
        }

        db.IdempotencyRecords.Add(new IdempotencyRecord
        {
            Scope = scope,
            RequestId = draft.RequestId,
            Operation = RegisterOperation,
            RequestHash = draft.Hash,
            ChildIndexId = child.IndexId,
            Outcome = (int)outcome,
            CreatedAt = now,
        });
        await db.SaveChangesAsync(cancellationToken);
        logger.ChildRegistered(child.IndexId, outcome.ToString());
        return new V1.RegisterChildResponse { ChildId = ChildId.Format(child.IndexId), Outcome = outcome, Version = child.Version };
    }

    private async Task<V1.RegisterChildResponse> ReplayAsync(IdempotencyRecord previous, Draft draft, CancellationToken cancellationToken)
    {
        if (previous.Operation != RegisterOperation || !previous.RequestHash.AsSpan().SequenceEqual(draft.Hash))
        {
            throw DomainException.Invalid("request_id", "was already used for a different request: use a new UUID for each new request");
        }

        var version = await db.Children
            .Where(c => c.IndexId == previous.ChildIndexId)
            .Select(c => c.Version)
            .SingleAsync(cancellationToken);
        logger.RegistrationReplayed(draft.RequestId, previous.ChildIndexId);
        return new V1.RegisterChildResponse
        {
            ChildId = ChildId.Format(previous.ChildIndexId),
            Outcome = (V1.RegistrationOutcome)previous.Outcome,
            Version = version,
        };
    }

    /// <summary>The one child the draft's identifiers name, or null when they name none.</summary>
    private async Task<Child?> FindByIdentifiersAsync(Draft draft, CancellationToken cancellationToken)
    {
        var ids = draft.Identifiers;
        if (ids.IsEmpty)
        {
            return null;
        }

        var matches = new HashSet<long>();
        if (ids.NhsNumber is { } nhs)
        {
            matches.UnionWith(await db.Children.Where(c => c.NhsNumber == nhs).Select(c => c.Id).ToListAsync(cancellationToken));
        }

        if (ids.Upn is { } upn)
        {
            matches.UnionWith(await db.Children.Where(c => c.Upn == upn).Select(c => c.Id).ToListAsync(cancellationToken));
        }

        foreach (var local in ids.LocalIds)
        {
            matches.UnionWith(await db.LocalIdentifiers
                .Where(l => l.OrganisationCode == local.OrganisationCode && l.Value == local.Value)
                .Select(l => l.ChildId)
                .ToListAsync(cancellationToken));
        }

        if (matches.Count == 0)
        {
            return null;
        }

        // Said without naming the children: the caller may not browse the index.
        if (matches.Count > 1)
        {
            throw new DomainException(DomainErrorKind.Conflict,
                "the identifiers given belong to different children in the index: check them, or ask the index team to review");
        }

        var child = await db.Children.Include(c => c.LocalIds).SingleAsync(c => c.Id == matches.First(), cancellationToken);
        if (child.DateOfBirth != draft.Child.DateOfBirth ||
            (ids.NhsNumber is not null && child.NhsNumber is not null && child.NhsNumber != ids.NhsNumber) ||
            (ids.Upn is not null && child.Upn is not null && child.Upn != ids.Upn))
        {
            throw new DomainException(DomainErrorKind.Conflict,
                "the identifiers given belong to a child in the index whose details differ (date of birth or another identifier): check them, or ask the index team to review");
        }

        return child;
    }

    private static bool AddsIdentifiers(Child child, Draft draft) =>
        (child.NhsNumber is null && draft.Identifiers.NhsNumber is not null) ||
        (child.Upn is null && draft.Identifiers.Upn is not null) ||
        draft.Identifiers.LocalIds.Any(local => !child.LocalIds.Any(l => l.OrganisationCode == local.OrganisationCode && l.Value == local.Value));

    private static void AddMissingIdentifiers(Child child, Draft draft)
    {
        child.NhsNumber ??= draft.Identifiers.NhsNumber;
        child.Upn ??= draft.Identifiers.Upn;
        foreach (var local in draft.Identifiers.LocalIds)
        {
            if (!child.LocalIds.Any(l => l.OrganisationCode == local.OrganisationCode && l.Value == local.Value))
            {
                child.LocalIds.Add(local);
            }
        }
    }

    private sealed record Draft(Guid RequestId, byte[] Hash, Child Child, ChildIdentifierSet Identifiers);
}
