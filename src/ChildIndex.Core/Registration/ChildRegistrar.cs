using System.Diagnostics;
using System.Security.Cryptography;
using ChildIndex.Core.Access;
using ChildIndex.Core.Audit;
using ChildIndex.Core.Diagnostics;
using ChildIndex.Common.Errors;
using ChildIndex.Core.Duplicates;
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

/// <summary>The outcome of one item of a batch: a response, or the error that refused it.</summary>
public sealed record RegistrationResult(V1.RegisterChildResponse? Response, DomainException? Error);

/// <summary>
/// Registers children and updates their details. A registration either creates a child or finds
/// the child its identifiers already name; a retried request (same request_id) gets its first
/// answer back. See docs/decisions/0004-registration-idempotency.md. A registration no identifier
/// links goes through the duplicate check (<see cref="DuplicateCheck"/>, ADR 16): it may find the
/// child on its details, or create it and raise a possible-duplicate task.
/// </summary>
public sealed class ChildRegistrar(ChildIndexDbContext db, CallAudit audit, TimeProvider time, DuplicateCheck duplicates, ILogger<ChildRegistrar> logger)
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
    /// batch, whatever its items' outcomes, and logged as one line. A single registration is
    /// audited here only when it wrote something; a refusal is audited by the caller with its status.</param>
    private async Task<IReadOnlyList<RegistrationResult>> RegisterBatchAsync(
        IReadOnlyList<V1.RegisterChildRequest> requests, Caller caller, bool bulk, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var today = UkCalendar.Today(time);
        var scope = caller.Subject;

        // Validation, hashing and search keys cost CPU, not the database: done before the write
        // lock is taken, so other writers wait only for the look-ups and the inserts.
        var drafts = new Draft?[requests.Count];
        var refusedUpFront = new RegistrationResult?[requests.Count];
        for (var i = 0; i < requests.Count; i++)
        {
            try
            {
                drafts[i] = Read(requests[i], today, caller);
            }
            catch (DomainException error)
            {
                refusedUpFront[i] = new RegistrationResult(null, error);
            }
        }

        var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var autoSavepoints = db.Database.AutoSavepointsEnabled;
        BatchOutcome outcome;
        try
        {
            // One SaveChanges for the whole batch, without a savepoint: if it fails, the batch
            // is retried item by item below, in a fresh transaction.
            db.Database.AutoSavepointsEnabled = false;
            var decided = await DecideAsync(drafts, caller, cancellationToken);
            try
            {
                await SqliteInserts.WriteAddedAsync(db, cancellationToken);
                await db.SaveChangesAsync(cancellationToken);
                outcome = decided;
            }
            catch (DbUpdateException error) when (StorageErrors.IsUniqueViolation(error))
            {
                // Another writer stored one of the batch's identifiers, request ids or (rarely)
                // index ids between our look-ups and our inserts. On PostgreSQL the failed
                // statement has aborted the transaction, so start again from nothing.
                logger.RegistrationRaced();
                db.ChangeTracker.Clear();
                await transaction.RollbackAsync(cancellationToken);
                await transaction.DisposeAsync();
                transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                db.Database.AutoSavepointsEnabled = true;
                outcome = await RegisterOneByOneAsync(requests, drafts, today, caller, cancellationToken);
            }
            finally
            {
                db.ChangeTracker.Clear();
            }

            for (var i = 0; i < requests.Count; i++)
            {
                outcome.Results[i] ??= refusedUpFront[i];
            }

            var results = outcome.Results.Select(r => r!).ToList();
            var registered = results.Where(r => r.Response is not null).Select(r => r.Response!.ChildId).ToList();
            var refused = results.Count(r => r.Error is not null);
            if (bulk || registered.Count > 0)
            {
                List<string> detail = [.. refused == 0 ? [] : new[] { $"{refused} of {requests.Count} refused" }];
                if (outcome.Checked.Count > 0)
                {
                    detail.Add(DuplicateNotes.Describe(outcome.Checked, duplicates.Options));
                }

                await audit.AppendWithinAsync(db, registered, detail.Count == 0 ? null : string.Join("; ", detail), cancellationToken, personalDetail: false);
            }

            await transaction.CommitAsync(cancellationToken);
            foreach (var note in outcome.Checked.Where(n => n.Verdict.Decision != DuplicateDecision.Distinct))
            {
                logger.DuplicateChecked(ChildId.Compact(note.ChildIndexId), Math.Round(note.Verdict.Scored.Score, 6),
                    ChildId.Compact(note.Verdict.Candidate.Child.IndexId), note.Verdict.Decision.ToString());
            }

            if (bulk)
            {
                logger.BatchRegistered(requests.Count, outcome.Created, outcome.Matched, outcome.PossibleDuplicates, outcome.Replayed, refused,
                    (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            else if (results[0].Response is { } response)
            {
                if (outcome.Replayed > 0)
                {
                    logger.RegistrationReplayed(drafts[0]!.RequestId, ChildId.Compact(response.ChildId));
                }
                else
                {
                    logger.ChildRegistered(ChildId.Compact(response.ChildId), response.Outcome.ToString());
                }
            }

            return results;
        }
        finally
        {
            db.Database.AutoSavepointsEnabled = autoSavepoints;
            await transaction.DisposeAsync();
        }
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

        // A merged record's id updates the survivor, whose version the caller must have read.
        childId = (await MergedRecords.ResolveAsync(db, childId!, cancellationToken)).IndexId;

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

        if (child.Status == RecordStatus.Merged)
        {
            throw new DomainException(DomainErrorKind.Conflict, $"child {ChildId.Format(child.IndexId)} was merged into another record just now: read it again and reapply the change");
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
        ChildWritten(child);
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

    /// <summary>
    /// The child an item names, and the identifiers to give it. For people, and for identifiers
    /// an agency system issued itself, a conflict is refused (FAILED_PRECONDITION): it tells the
    /// caller nothing it did not know. For an agency system whose NHS number or UPN names a child
    /// the rest of its request disagrees with, a refusal would tell it that the number is in the
    /// index; instead the registration goes ahead as it would for a number the index has never
    /// seen, under the agency's own identifiers only (the child its local identifier names, or a
    /// new one), the NHS number and UPN withheld and a warning logged for the index team.
    /// </summary>
    private static (KnownChild? Child, ChildIdentifierSet Identifiers) Match(KnownChildren known, Draft draft, Caller caller)
    {
        var ids = draft.Identifiers;
        if (!caller.IsAgencySystem)
        {
            return (known.Match(ids, draft.Child.DateOfBirth), ids);
        }

        var ownOnly = ids with { NhsNumber = null, Upn = null };
        var own = known.Match(ownOnly, draft.Child.DateOfBirth);
        try
        {
            return (known.Match(ids, draft.Child.DateOfBirth), ids);
        }
        catch (DomainException error) when (error.Kind == DomainErrorKind.Conflict)
        {
            return (own, ownOnly);
        }
    }

    private static Draft Read(V1.RegisterChildRequest request, DateOnly today, Caller caller)
    {
        var violations = new Violations();
        var requestId = FieldRules.RequestId(request.RequestId, "request_id", violations);
        var child = RecordReader.ReadDetails(request.Details, "details", violations, today);
        var identifiers = RecordReader.ReadIdentifiers(request.Identifiers, "identifiers", violations);
        // The agency's own identifier is how its registrations of one child find each other again,
        // whatever the index holds under the NHS number (see Match): without it, a second
        // registration of a child whose number was withheld would answer differently.
        if (caller.IsAgencySystem && request.Identifiers is not { LocalIds.Count: > 0 })
        {
            violations.Add("identifiers.local_ids", "an agency system must give its own identifier for the child: the index links the agency's registrations of the child by it");
        }

        violations.ThrowIfAny();
        if (identifiers.LocalIds.Any(l => !caller.ActsFor(l.OrganisationCode)))
        {
            throw DomainException.Denied("an agency may give only identifiers its own organisation issued (identifiers.local_ids)");
        }

        // Built for every item, though a matched or replayed one will not need them: here they cost
        // CPU outside the write lock, where inside it they would cost every other writer time.
        SearchKeys.Rebuild(child);
        return new Draft(requestId!.Value, SHA256.HashData(request.ToByteArray()), child, identifiers);
    }

    /// <summary>
    /// The batch's fallback after a race: each item alone, in order, its SaveChanges inside a
    /// savepoint, so that an item that loses a race again is retried once on its own (finding the
    /// winner's rows) without undoing the items before it.
    /// </summary>
    private async Task<BatchOutcome> RegisterOneByOneAsync(
        IReadOnlyList<V1.RegisterChildRequest> requests, IReadOnlyList<Draft?> drafts, DateOnly today, Caller caller, CancellationToken cancellationToken)
    {
        var outcome = new BatchOutcome(new RegistrationResult?[requests.Count]);
        // Every key the items' duplicate checks will lock, taken now in order: taken item by item
        // after earlier items' inserts, they could deadlock with another batch.
        await DuplicateCheck.LockBlockingKeysAsync(db, [.. drafts.OfType<Draft>().Select(d => d.Child)], cancellationToken);
        for (var i = 0; i < requests.Count; i++)
        {
            if (drafts[i] is null)
            {
                continue;
            }

            for (var attempt = 1; ; attempt++)
            {
                // Read afresh: a failed attempt's entities carry state from its insert.
                var one = await DecideAsync([Read(requests[i], today, caller)], caller, cancellationToken);
                try
                {
                    await db.SaveChangesAsync(cancellationToken);
                    outcome.Add(i, one);
                    break;
                }
                catch (DbUpdateException error) when (attempt == 1 && StorageErrors.IsUniqueViolation(error))
                {
                    logger.RegistrationRaced();
                }
                finally
                {
                    db.ChangeTracker.Clear();
                }
            }
        }

        return outcome;
    }

    /// <summary>
    /// Decides every item of a batch as if they were registered one after another, from two or
    /// three set-based look-ups (request ids; NHS numbers and UPNs; agency-local ids), and stages
    /// what is to be written in the change tracker for one SaveChanges. Items refused here write
    /// nothing; a later item of the batch sees what an earlier one created or added.
    /// </summary>
    private async Task<BatchOutcome> DecideAsync(IReadOnlyList<Draft?> drafts, Caller caller, CancellationToken cancellationToken)
    {
        var scope = caller.Subject;
        var outcome = new BatchOutcome(new RegistrationResult?[drafts.Count]);
        var valid = drafts.OfType<Draft>().ToList();
        if (valid.Count == 0)
        {
            return outcome;
        }

        var stored = await StoredAnswersAsync(valid, scope, cancellationToken);
        var known = await KnownChildrenAsync(valid, cancellationToken);
        // Only items that are neither retries nor named by an identifier can need the check.
        var candidates = await duplicates.LoadAsync(db,
            [.. valid.Where(d => !stored.ContainsKey(d.RequestId) && !known.NamesAny(d.Identifiers)).Select(d => (d.Child, d.Identifiers))], cancellationToken);
        var answered = new Dictionary<Guid, (byte[] Hash, KnownChild Child, V1.RegistrationOutcome Outcome)>();
        var written = new List<KnownChild>();
        // Stored to the microsecond, as PostgreSQL keeps it: the read model holds what the tables hold.
        var now = time.StorableNow();
        for (var i = 0; i < drafts.Count; i++)
        {
            if (drafts[i] is not { } draft)
            {
                continue;
            }

            try
            {
                V1.RegisterChildResponse response;
                if (answered.TryGetValue(draft.RequestId, out var earlier))
                {
                    RefuseReusedRequestId(RegisterOperation, earlier.Hash, draft);
                    response = Response(earlier.Child.IndexId, earlier.Outcome, earlier.Child.Version);
                    response.Replayed = true;
                    outcome.Replayed++;
                }
                else if (stored.TryGetValue(draft.RequestId, out var previous))
                {
                    RefuseReusedRequestId(previous.Operation, previous.RequestHash, draft);
                    response = Response(previous.ChildIndexId, (V1.RegistrationOutcome)previous.Outcome,
                        previous.Version ?? throw new InvalidOperationException("an idempotency record names a child that is not in the index"));
                    response.Replayed = true;
                    outcome.Replayed++;
                }
                else
                {
                    var (child, identifiers) = Match(known, draft, caller);
                    var verdict = child is null ? candidates.Check(draft.Child, identifiers) : null;
                    V1.RegistrationOutcome result;
                    if (verdict is { Decision: DuplicateDecision.SameChild })
                    {
                        // Found on its details: treated as if an identifier had named it.
                        child = verdict.Candidate.Created ?? known.Found(verdict.Candidate.Row);
                        known.AddMissingIdentifiers(child, identifiers);
                        result = V1.RegistrationOutcome.MatchedExisting;
                        outcome.Matched++;
                    }
                    else if (child is null)
                    {
                        child = known.Create(draft.Child, identifiers, now);
                        candidates.Add(new DuplicateCandidate(child.Created!, child));
                        if (verdict is { Decision: DuplicateDecision.PossibleDuplicate })
                        {
                            result = V1.RegistrationOutcome.CreatedPossibleDuplicate;
                            outcome.PossibleDuplicates++;
                        }
                        else
                        {
                            result = V1.RegistrationOutcome.Created;
                            outcome.Created++;
                        }
                    }
                    else
                    {
                        known.AddMissingIdentifiers(child, identifiers);
                        result = V1.RegistrationOutcome.MatchedExisting;
                        outcome.Matched++;
                    }

                    if (!written.Contains(child) && (child.Created is not null || child.HasAdditions))
                    {
                        written.Add(child);
                    }

                    db.IdempotencyRecords.Add(new IdempotencyRecord
                    {
                        Scope = scope,
                        RequestId = draft.RequestId,
                        Operation = RegisterOperation,
                        RequestHash = draft.Hash,
                        ChildIndexId = child.IndexId,
                        Outcome = (int)result,
                        CreatedAt = now,
                    });
                    answered[draft.RequestId] = (draft.Hash, child, result);
                    if (verdict is not null)
                    {
                        var task = verdict.Decision == DuplicateDecision.PossibleDuplicate ? RaiseTask(verdict, child.Created!, draft, caller, now) : null;
                        outcome.Checked.Add(new DuplicateNote(child.IndexId, verdict, task));
                    }

                    if (identifiers != draft.Identifiers)
                    {
                        logger.AgencyIdentifiersWithheld(ChildId.Compact(child.IndexId), caller.OrganisationCode);
                    }

                    response = Response(child.IndexId, result, child.Version);
                }

                outcome.Results[i] = new RegistrationResult(response, null);
            }
            catch (DomainException error)
            {
                outcome.Results[i] = new RegistrationResult(null, error);
            }
        }

        // Matched children that gained an identifier are changed: locked (so that the read model
        // gets every involvement and identifier committed by others), read whole, then changed.
        var changed = written.Where(c => c.Created is null).ToList();
        if (changed.Count > 0)
        {
            await ChildDocuments.LockAllAsync(db, [.. changed.Select(c => c.IndexId)], cancellationToken);
            var ids = changed.Select(c => c.Id).ToList();
            var loaded = await ChildDocuments.WithGraph(db.Children)
                .Where(c => EF.Parameter(ids).Contains(c.Id))
                .ToDictionaryAsync(c => c.Id, cancellationToken);
            foreach (var child in changed)
            {
                child.ApplyAdditions(loaded[child.Id]);
            }
        }

        foreach (var child in written)
        {
            ChildWritten(child.Created ?? child.Loaded!);
        }

        return outcome;
    }

    /// <summary>
    /// Every child a registration creates or changes passes through here once, with its whole
    /// graph (names, carers, identifiers, involvements) in memory, before the SaveChanges that
    /// writes it: the one place to keep anything derived from the whole record in step with it.
    /// </summary>
    private void ChildWritten(Child child)
    {
        // No key yet: a new child, which joins the batch's inserts in the order it was decided.
        if (child.Id == 0)
        {
            db.Children.Add(child);
        }

        ChildDocuments.Stage(db, child);
    }

    /// <summary>The index team's task for a pair between the thresholds, staged with the new child.</summary>
    private PossibleDuplicate RaiseTask(DuplicateVerdict verdict, Child created, Draft draft, Caller caller, DateTimeOffset now)
    {
        var existing = verdict.Candidate;
        var task = new PossibleDuplicate
        {
            NewChild = created,
            Probability = verdict.Scored.Score,
            Weight = verdict.Scored.Weight,
            StrongBand = verdict.Scored.Band == Matching.MatchBand.Strong,
            LowerThreshold = duplicates.Options.Lower,
            UpperThreshold = duplicates.Options.Upper,
            WeightsVersion = DuplicateCheck.WeightsVersion,
            RaisedAt = now,
            RaisedByOrganisation = caller.OrganisationCode,
            RaisedBy = caller.Subject,
            RequestId = draft.RequestId,
        };

        // A child created earlier in this batch has no key until the batch's SaveChanges.
        if (existing.Created is not null)
        {
            task.ExistingChild = existing.Child;
        }
        else
        {
            task.ExistingChildId = existing.Child.Id;
        }

        db.PossibleDuplicates.Add(task);
        return task;
    }

    private static void RefuseReusedRequestId(string operation, byte[] hash, Draft draft)
    {
        if (operation != RegisterOperation || !hash.AsSpan().SequenceEqual(draft.Hash))
        {
            throw DomainException.Invalid("request_id", "was already used for a different request: use a new UUID for each new request");
        }
    }

    private static V1.RegisterChildResponse Response(string indexId, V1.RegistrationOutcome outcome, long version) =>
        new() { ChildId = ChildId.Format(indexId), Outcome = outcome, Version = version };

    /// <summary>The first answers already stored for the batch's request ids, with the version
    /// their child has now: one statement.</summary>
    private async Task<Dictionary<Guid, StoredAnswer>> StoredAnswersAsync(IReadOnlyList<Draft> drafts, string scope, CancellationToken cancellationToken)
    {
        var requestIds = drafts.Select(d => d.RequestId).Distinct().ToList();
        return await db.IdempotencyRecords
            .AsNoTracking()
            .Where(r => r.Scope == scope && EF.Parameter(requestIds).Contains(r.RequestId))
            .Select(r => new StoredAnswer(
                r.RequestId,
                r.Operation,
                r.RequestHash,
                r.ChildIndexId,
                r.Outcome,
                db.Children.Where(c => c.IndexId == r.ChildIndexId).Select(c => (long?)c.Version).FirstOrDefault()))
            .ToDictionaryAsync(r => r.RequestId, cancellationToken);
    }

    /// <summary>
    /// The children the batch's identifiers already name: one statement for NHS numbers and UPNs
    /// (each branch a seek on its unique index) and one for agency-local ids. Each list is a single
    /// parameter (json_each on SQLite, = ANY on PostgreSQL), so the SQL text is the same for every
    /// batch and stays prepared.
    /// </summary>
    private async Task<KnownChildren> KnownChildrenAsync(IReadOnlyList<Draft> drafts, CancellationToken cancellationToken)
    {
        var known = new KnownChildren();
        var nhsNumbers = drafts.Select(d => d.Identifiers.NhsNumber).OfType<string>().Distinct().ToList();
        var upns = drafts.Select(d => d.Identifiers.Upn).OfType<string>().Distinct().ToList();
        var locals = drafts.SelectMany(d => d.Identifiers.LocalIds).ToList();

        // Anonymous rows, not KnownRow: a set operation must be translated before any client projection.
        var byNumber = nhsNumbers.Count == 0 ? null : db.Children
            .Where(c => EF.Parameter(nhsNumbers).Contains(c.NhsNumber!))
            .Select(c => new { c.Id, c.IndexId, c.NhsNumber, c.Upn, c.DateOfBirth, c.Version });
        if (upns.Count > 0)
        {
            var byUpn = db.Children
                .Where(c => EF.Parameter(upns).Contains(c.Upn!))
                .Select(c => new { c.Id, c.IndexId, c.NhsNumber, c.Upn, c.DateOfBirth, c.Version });
            byNumber = byNumber is null ? byUpn : byNumber.Concat(byUpn);
        }

        if (byNumber is not null)
        {
            foreach (var row in await byNumber.ToListAsync(cancellationToken))
            {
                known.Found(new KnownRow(row.Id, row.IndexId, row.NhsNumber, row.Upn, row.DateOfBirth, row.Version));
            }
        }

        if (locals.Count > 0)
        {
            // Organisations and values as two lists: a pair from one organisation's value and
            // another's code can come back too, and is dropped by the exact match in memory.
            var organisations = locals.Select(l => l.OrganisationCode).Distinct().ToList();
            var values = locals.Select(l => l.Value).Distinct().ToList();
            var owners = await db.LocalIdentifiers
                .Where(l => EF.Parameter(organisations).Contains(l.OrganisationCode) && EF.Parameter(values).Contains(l.Value))
                .Join(db.Children, l => l.ChildId, c => c.Id, (l, c) => new
                {
                    l.OrganisationCode,
                    l.Value,
                    Child = new KnownRow(c.Id, c.IndexId, c.NhsNumber, c.Upn, c.DateOfBirth, c.Version),
                })
                .AsNoTracking()
                .ToListAsync(cancellationToken);
            foreach (var owner in owners)
            {
                known.FoundLocal(owner.OrganisationCode, owner.Value, owner.Child);
            }
        }

        return known;
    }

    private sealed record Draft(Guid RequestId, byte[] Hash, Child Child, ChildIdentifierSet Identifiers);

    private sealed record StoredAnswer(Guid RequestId, string Operation, byte[] RequestHash, string ChildIndexId, int Outcome, long? Version);

    /// <summary>A batch's answers, item by item (null where an item was not decided here), and its counts for the log.</summary>
    private sealed class BatchOutcome(RegistrationResult?[] results)
    {
        public RegistrationResult?[] Results { get; } = results;
        public int Created { get; set; }
        public int Matched { get; set; }
        public int Replayed { get; set; }
        public int PossibleDuplicates { get; set; }

        /// <summary>Every duplicate check that scored a candidate, for the audit record and the log.</summary>
        public List<DuplicateNote> Checked { get; } = [];

        /// <summary>Takes a one-item batch's answer as item <paramref name="index"/> of this one.</summary>
        public void Add(int index, BatchOutcome one)
        {
            Results[index] = one.Results[0];
            Created += one.Created;
            Matched += one.Matched;
            Replayed += one.Replayed;
            PossibleDuplicates += one.PossibleDuplicates;
            Checked.AddRange(one.Checked);
        }
    }
}
