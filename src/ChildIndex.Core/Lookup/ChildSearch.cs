using ChildIndex.Common.Errors;
using ChildIndex.Core.Access;
using ChildIndex.Core.Audit;
using ChildIndex.Core.Diagnostics;
using ChildIndex.Core.Identifiers;
using ChildIndex.Core.Matching;
using ChildIndex.Core.Merging;
using ChildIndex.Core.Records;
using ChildIndex.Core.Storage;
using ChildIndex.Core.Time;
using ChildIndex.Core.Validation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using V1 = ChildIndex.Contracts.V1;

namespace ChildIndex.Core.Lookup;

/// <summary>
/// Finds children for practitioners: by identifier, or by name with a date of birth, a postcode,
/// or a given name and a year of birth (docs/matching.md). Candidates come only from index seeks
/// (<see cref="BlockingPlan"/>); each is scored on all its names (<see cref="CandidateScorer"/>);
/// at most <see cref="MatchingOptions.MaxResults"/> are returned. Shielded children are found by
/// others than the index team only through the fields their record shows.
/// </summary>
public sealed class ChildSearch(
    ChildIndexDbContext db,
    ISearchRateLimiter rateLimiter,
    MatchingOptions options,
    CallAudit audit,
    TimeProvider time,
    ILogger<ChildSearch> logger)
{
    public async Task<V1.SearchChildrenResponse> SearchAsync(V1.SearchChildrenRequest request, Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(caller);
        Permissions.Demand(caller, DirectoryAction.SearchChildren);
        if (!rateLimiter.TryAcquire(caller.Subject))
        {
            throw new DomainException(DomainErrorKind.RateLimited,
                $"too many searches: at most {rateLimiter.PerMinute} a minute for each user; try again in a minute");
        }

        var violations = new Violations();
        FieldRules.Purpose(request.Purpose, "purpose", violations);
        var seesShielded = caller.IsIndexAdmin;
        if (request.IncludeArchived && !caller.IsIndexAdmin)
        {
            throw DomainException.Denied("only the index team may search archived records");
        }

        var archived = request.IncludeArchived ? ArchivedScope.For(request.Purpose?.Code, UkCalendar.Today(time)) : ArchivedScope.None;
        Found found;
        switch (request.CriteriaCase)
        {
            case V1.SearchChildrenRequest.CriteriaOneofCase.ChildId:
                var childId = FieldRules.ChildId(request.ChildId, "child_id", violations);
                violations.ThrowIfAny();
                // The index identifier is shown on a shielded record, so it finds one too. A merged
                // record's id finds the record it was merged into.
                var target = await MergedRecords.ResolveAsync(db, childId!, cancellationToken);
                found = await ByIdentifierAsync(
                    db.Children.Where(c => c.IndexId == target.IndexId),
                    target.Redirected ? $"index identifier {ChildId.Format(childId!)} was merged into this record" : "index identifier matches",
                    archived,
                    cancellationToken);
                break;
            case V1.SearchChildrenRequest.CriteriaOneofCase.NhsNumber:
                var nhs = Required(FieldRules.NhsNumber(request.NhsNumber, "nhs_number", violations), request.NhsNumber, "nhs_number", violations);
                violations.ThrowIfAny();
                found = await ByIdentifierAsync(db.Children.Where(c => c.NhsNumber == nhs && (seesShielded || !c.Shielded)), "NHS number matches", archived, cancellationToken);
                break;
            case V1.SearchChildrenRequest.CriteriaOneofCase.Upn:
                var upn = Required(FieldRules.Upn(request.Upn, "upn", violations), request.Upn, "upn", violations);
                violations.ThrowIfAny();
                found = await ByIdentifierAsync(db.Children.Where(c => c.Upn == upn && (seesShielded || !c.Shielded)), "UPN matches", archived, cancellationToken);
                break;
            case V1.SearchChildrenRequest.CriteriaOneofCase.Name:
                var query = NameQueryReader.Read(request.Name, UkCalendar.Today(time), violations);
                violations.ThrowIfAny();
                found = await ByNameAsync(query!, seesShielded, archived, cancellationToken);
                break;
            default:
                violations.Add("criteria", "is required: one of child_id, nhs_number, upn or name");
                violations.ThrowIfAny();
                return new V1.SearchChildrenResponse();
        }

        return Respond(request, found, seesShielded);
    }

    private V1.SearchChildrenResponse Respond(V1.SearchChildrenRequest request, Found found, bool seesShielded)
    {
        var response = new V1.SearchChildrenResponse
        {
            MoreResultsAvailable = found.More,
            NarrowingAdvice = found.More && found.Query is { } query ? NarrowingAdvice.For(query, options.MaxResults) : string.Empty,
        };
        foreach (var candidate in found.Candidates.Take(options.MaxResults))
        {
            var summary = RecordMapping.ToSummary(candidate.Child, candidate.MatchedOtherName, hideWhereabouts: candidate.Child.Shielded && !seesShielded);
            summary.Score = Math.Round(candidate.Score, 3);
            summary.MatchReasons.AddRange(candidate.Reasons);
            summary.MatchBand = candidate.Band == MatchBand.Strong ? V1.MatchBand.Strong : V1.MatchBand.Possible;
            response.Children.Add(summary);
            if (candidate.Child.Shielded)
            {
                audit.MarkShielded(candidate.Child.IndexId);
            }
        }

        logger.Searched(request.CriteriaCase.ToString(), response.Children.Count);
        return response;
    }

    private static string? Required(string? parsed, string raw, string field, Violations violations)
    {
        if (parsed is null && string.IsNullOrWhiteSpace(raw))
        {
            violations.Add(field, "is required");
        }

        return parsed;
    }

    private static async Task<Found> ByIdentifierAsync(IQueryable<Child> match, string reason, ArchivedScope scope, CancellationToken cancellationToken)
    {
        var (archived, any, since) = scope;
        var children = await match.AsNoTracking()
            .Where(c => c.Status != RecordStatus.Merged
                && (c.Status != RecordStatus.Archived || (archived && (any || (c.ArchivedOn != null && c.ArchivedOn > since)))))
            .Take(1)
            .ToListAsync(cancellationToken);
        return new Found([.. children.Select(c => new ScoredCandidate(c, 1, [reason], null))], false, null);
    }

    private async Task<Found> ByNameAsync(NameQuery query, bool seesShielded, ArchivedScope archived, CancellationToken cancellationToken)
    {
        var passes = BlockingPlan.For(query, options);
        var hits = passes.Count == 0 ? [] : await HitsAsync(db, passes, seesShielded, options.MaxKeysPerPass, cancellationToken);
        var candidateIds = hits.Select(h => h.ChildId).Distinct().ToArray();
        var truncated = hits.CountBy(h => h.Pass).Any(block => passes[block.Key].OnFamilyName && block.Value == options.MaxKeysPerPass);
        var children = candidateIds.Length == 0 ? [] : await CandidatesAsync(db, candidateIds, archived, cancellationToken);

        var scorer = new CandidateScorer(options);
        var qualified = children
            .Select(c => scorer.Score(query, c, restricted: c.Shielded && !seesShielded))
            .OfType<ScoredCandidate>()
            // Only visible fields order the list: the match weight (the score's log-odds, which
            // still tells apart candidates whose probabilities round alike), then a current-name
            // match, then the name, date of birth and index identifier.
            .OrderByDescending(c => c.Weight)
            .ThenBy(c => c.MatchedOtherName is null ? 0 : 1)
            .ThenBy(c => c.Child.FamilyName, StringComparer.OrdinalIgnoreCase)
            .ThenBy(c => c.Child.GivenNames, StringComparer.OrdinalIgnoreCase)
            .ThenBy(c => c.Child.DateOfBirth)
            .ThenBy(c => c.Child.IndexId, StringComparer.Ordinal)
            .ToList();
        logger.NameSearchMatched(passes.Count, candidateIds.Length, qualified.Count, truncated);
        return new Found(qualified, qualified.Count > options.MaxResults || truncated, query);
    }

    /// <summary>The blocking passes' hits (<see cref="BlockingPlan.ReadAll"/>): outside a transaction,
    /// on SQLite on a kept connection (<see cref="SqliteSearchReads"/>) and on PostgreSQL planned once
    /// (<see cref="PostgresSearchReads"/>); elsewhere through EF Core. All read the same rows.</summary>
    internal static Task<List<BlockingHit>> HitsAsync(ChildIndexDbContext db, IReadOnlyList<BlockingPass> passes, bool seesShielded, int cap, CancellationToken cancellationToken) =>
        SqliteKeptConnections.For(db) is { } kept
            ? SqliteSearchReads.HitsAsync(kept, passes, seesShielded, cap, cancellationToken)
            : db.Database.IsNpgsql() && db.Database.CurrentTransaction is null
            ? PostgresSearchReads.HitsAsync(db, passes, seesShielded, cap, cancellationToken)
            : BlockingPlan.ReadAll(db.SearchKeys.AsNoTracking(), passes, seesShielded, cap).ToListAsync(cancellationToken);

    /// <summary>The candidates, with only what scoring and the summary read; read as the hits are.</summary>
    internal static Task<List<Child>> CandidatesAsync(ChildIndexDbContext db, long[] ids, ArchivedScope scope, CancellationToken cancellationToken) =>
        SqliteKeptConnections.For(db) is { } kept
            ? SqliteSearchReads.CandidatesAsync(kept, ids, scope, cancellationToken)
            : db.Database.IsNpgsql() && db.Database.CurrentTransaction is null
            ? PostgresSearchReads.CandidatesAsync(db, ids, scope, cancellationToken)
            : Candidates(db, ids, scope).ToListAsync(cancellationToken);

    /// <summary>The candidates through EF Core, in one statement whose text does not change with the
    /// number of candidates (the ids are one array parameter).</summary>
    private static IQueryable<Child> Candidates(ChildIndexDbContext db, long[] ids, ArchivedScope scope)
    {
        var (archived, any, since) = scope;
        return db.Children.AsNoTracking()
        .Where(c => EF.Parameter(ids).Contains(c.Id) && c.Status != RecordStatus.Merged
            && (c.Status != RecordStatus.Archived || (archived && (any || (c.ArchivedOn != null && c.ArchivedOn > since)))))
        .Select(c => new Child
        {
            Id = c.Id,
            IndexId = c.IndexId,
            GivenNames = c.GivenNames,
            FamilyName = c.FamilyName,
            Gender = c.Gender,
            DateOfBirth = c.DateOfBirth,
            Residence = c.Residence,
            Address = c.Address == null ? null : new Address { Line1 = string.Empty, Town = c.Address.Town, Postcode = c.Address.Postcode },
            Status = c.Status,
            Shielded = c.Shielded,
            OtherNames = c.OtherNames
                .Select(o => new OtherName { Id = o.Id, Position = o.Position, Kind = o.Kind, GivenNames = o.GivenNames, FamilyName = o.FamilyName })
                .ToList(),
        });
    }

    private sealed record Found(IReadOnlyList<ScoredCandidate> Candidates, bool More, NameQuery? Query);
}

/// <summary>Archived records a search may find: none; those archived since <see cref="Since"/> (the
/// index team's first year); or, for a serious enquiry, <see cref="Any"/>, as GetChild opens them.</summary>
internal readonly record struct ArchivedScope(bool Included, bool Any, DateOnly Since)
{
    public static readonly ArchivedScope None = new(false, false, DateOnly.MaxValue);

    public static ArchivedScope For(V1.AccessPurposeCode? purpose, DateOnly today) =>
        purpose is V1.AccessPurposeCode.ChildProtectionEnquiry or V1.AccessPurposeCode.SeriousCaseReview or V1.AccessPurposeCode.ChildDeathReview
            ? new(true, true, DateOnly.MinValue)
            : new(true, false, today.AddYears(-Retention.RetentionPolicy.YearsSeenByIndexTeam));
}
