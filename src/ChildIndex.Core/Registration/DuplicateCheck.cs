using ChildIndex.Core.Duplicates;
using ChildIndex.Core.Matching;
using ChildIndex.Core.Records;
using ChildIndex.Core.Storage;
using ChildIndex.Core.Validation;
using Microsoft.Data.SqlClient;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ChildIndex.Core.Registration;

/// <summary>
/// Registration's duplicate check (docs/decisions/0016-duplicates-at-registration.md): a
/// registration that no identifier links to a child is scored, with the search's engine, against
/// the active children born the same day whose family name or given name sounds alike; the best
/// decides. One set-based look-up per batch (<see cref="LoadAsync"/>); scoring is in memory.
/// </summary>
public sealed class DuplicateCheck(MatchingOptions matching, DuplicateOptions options)
{
    private readonly CandidateScorer _scorer = new(matching);

    public DuplicateOptions Options => options;

    /// <summary>The version of the match weights the check scores with, recorded on each task.</summary>
    public static string WeightsVersion => MatchWeights.Default.Version;

    /// <summary>
    /// The candidates of a whole batch, in one statement whatever its size: the active children
    /// with a search key of one of the batch's dates of birth (a seek on the date-led blocking
    /// index) whose family name, its sound or the first given name's sound is one of the batch's,
    /// with what scoring reads. Children of one item's date and another item's name come back too
    /// and are scored for nothing, which costs less than a statement per item. The lists are array
    /// parameters, so the SQL text is the same for every batch.
    /// </summary>
    /// <remarks>A stored child with an NHS number can only be a different child for a registration
    /// that gives one too (the same number would have linked them), and likewise for UPNs: when
    /// every item gives one, such children are not read at all (a feed of agency systems' children
    /// with NHS numbers reads only the children the index holds without one).</remarks>
    internal async Task<DuplicateCandidates> LoadAsync(ChildIndexDbContext db, IReadOnlyList<(Child Child, ChildIdentifierSet Identifiers)> items, CancellationToken cancellationToken)
    {
        var drafts = items.Select(i => i.Child).ToList();
        var everyNhsNumber = items.All(i => i.Identifiers.NhsNumber is not null);
        var everyUpn = items.All(i => i.Identifiers.Upn is not null);
        var candidates = new DuplicateCandidates(this);
        if (drafts.Count == 0)
        {
            return candidates;
        }

        var dates = drafts.Select(d => d.DateOfBirth).Distinct().Order().ToList();
        await LockDatesAsync(db, dates, cancellationToken);
        var keys = drafts.SelectMany(d => d.SearchKeys).ToList();
        var familyKeys = keys.Select(k => k.FamilyKey).Distinct().ToList();
        var familyCodes = keys.SelectMany(k => new[] { k.FamilyPhonetic, k.FamilyPhoneticAlt }).OfType<string>().Distinct().ToList();
        var givenCodes = keys.Select(k => k.GivenPhonetic).OfType<string>().Distinct().ToList();
        var blocked = db.SearchKeys
            .Where(k => EF.Parameter(dates).Contains(k.DateOfBirth)
                && (EF.Parameter(familyKeys).Contains(k.FamilyKey)
                    || EF.Parameter(familyCodes).Contains(k.FamilyPhonetic!)
                    || EF.Parameter(familyCodes).Contains(k.FamilyPhoneticAlt!)
                    || EF.Parameter(givenCodes).Contains(k.GivenPhonetic!)))
            .Select(k => k.ChildId);
        var children = await db.Children.AsNoTracking()
            .Where(c => blocked.Contains(c.Id) && c.Status == RecordStatus.Active
                && (!everyNhsNumber || c.NhsNumber == null) && (!everyUpn || c.Upn == null))
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
                NhsNumber = c.NhsNumber,
                Upn = c.Upn,
                Version = c.Version,
                OtherNames = c.OtherNames
                    .Select(o => new OtherName { Id = o.Id, Position = o.Position, Kind = o.Kind, GivenNames = o.GivenNames, FamilyName = o.FamilyName })
                    .ToList(),
                LocalIds = c.LocalIds.Select(l => new LocalIdentifier { OrganisationCode = l.OrganisationCode, Value = l.Value }).ToList(),
            })
            .ToListAsync(cancellationToken);
        foreach (var child in children)
        {
            candidates.Add(new DuplicateCandidate(child, null));
        }

        return candidates;
    }

    /// <summary>
    /// Holds a lock on each of <paramref name="dates"/> until the transaction ends. Candidates are
    /// blocked on the exact date of birth, so two registrations of one new child decided at the same
    /// time (two agencies' feeds, two instances) want the same lock: the second waits, and its
    /// look-up then sees the child the first created. Without it, on PostgreSQL and SQL Server
    /// (read committed) neither saw the other and the index held the child twice, with no task for
    /// the index team. On SQLite the write lock already orders every registration. Dates are
    /// locked in order, before the batch writes anything, so two batches cannot wait on each other.
    /// </summary>
    internal static async Task LockDatesAsync(ChildIndexDbContext db, IReadOnlyList<DateOnly> dates, CancellationToken cancellationToken)
    {
        if (dates.Count == 0 || db.Database.CurrentTransaction is null)
        {
            return;
        }

        var connection = db.Database.GetDbConnection();
        var days = dates.Select(d => d.DayNumber).Distinct().Order().ToArray();
        if (connection is NpgsqlConnection)
        {
            // One statement: the aggregate takes the locks in the subquery's order.
            await db.Database.ExecuteSqlAsync(
                $"SELECT count(pg_advisory_xact_lock({AdvisoryLockClass}, d)) FROM (SELECT unnest({days}) AS d ORDER BY 1) AS dates", cancellationToken);
        }
        else if (connection is SqlConnection)
        {
            foreach (var day in days)
            {
                var resource = $"childindex-duplicate-check-{day}";
                await db.Database.ExecuteSqlAsync(
                    $"DECLARE @granted int; EXEC @granted = sp_getapplock @Resource = {resource}, @LockMode = 'Exclusive', @LockOwner = 'Transaction', @LockTimeout = 30000; IF @granted < 0 BEGIN; THROW 51000, 'timed out waiting for the duplicate check''s lock on a date of birth', 1; END;",
                    cancellationToken);
            }
        }
    }

    /// <summary>The first key of PostgreSQL's two-key advisory locks that <see cref="LockDatesAsync"/>
    /// takes (the second is the day number): a value of its own, so that other advisory locks in a
    /// shared database do not collide with it.</summary>
    public const int AdvisoryLockClass = 0x43494431;

    /// <summary>The best candidate for a registration and what to do with it; null when none scores.</summary>
    internal DuplicateVerdict? Check(Child registered, ChildIdentifierSet identifiers, IEnumerable<DuplicateCandidate> candidates)
    {
        NameQuery? query = null;
        DuplicateVerdict? best = null;
        foreach (var candidate in candidates)
        {
            var held = candidate.Child;
            if (Contradicts(identifiers, held))
            {
                continue;
            }

            query ??= new NameQuery(registered.FamilyName, registered.GivenNames, registered.DateOfBirth, null,
                registered.Residence == ResidenceKind.Address ? registered.Address?.Postcode : null, null);
            if (_scorer.Score(query, held, restricted: false) is not { Agreement: { } agreement } scored ||
                (best is not null && scored.Weight <= best.Scored.Weight))
            {
                continue;
            }

            // A shielded child is never returned to an agency on its details (that would confirm
            // where the child is), and an agency whose own identifier for the child differs says
            // its system holds two children: both go to the index team instead.
            var strong = DuplicateRule.StrongEvidence(agreement, registered.Gender, held.Gender)
                && !held.Shielded && !OtherLocalId(identifiers, held);
            best = new DuplicateVerdict(DuplicateRule.Decide(scored.Score, strong, options), candidate, scored);
        }

        return best;
    }

    /// <summary>An NHS number or UPN on both records that differs: two children, not scored.</summary>
    private static bool Contradicts(ChildIdentifierSet ids, Child held) =>
        (ids.NhsNumber is not null && held.NhsNumber is not null && ids.NhsNumber != held.NhsNumber) ||
        (ids.Upn is not null && held.Upn is not null && ids.Upn != held.Upn);

    private static bool OtherLocalId(ChildIdentifierSet ids, Child held) =>
        ids.LocalIds.Any(mine => held.LocalIds.Any(l => l.OrganisationCode == mine.OrganisationCode && l.Value != mine.Value));
}

/// <summary>A child a registration may duplicate: stored (<paramref name="Created"/> null), or
/// created by an earlier item of the same batch.</summary>
internal sealed record DuplicateCandidate(Child Child, KnownChild? Created)
{
    public KnownRow Row => new(Child.Id, Child.IndexId, Child.NhsNumber, Child.Upn, Child.DateOfBirth, Child.Version);
}

/// <summary>The best-scoring candidate and the decision on it.</summary>
internal sealed record DuplicateVerdict(DuplicateDecision Decision, DuplicateCandidate Candidate, ScoredCandidate Scored);

/// <summary>One batch's candidates by date of birth, joined by the children the batch creates.</summary>
internal sealed class DuplicateCandidates(DuplicateCheck check)
{
    private readonly Dictionary<DateOnly, List<DuplicateCandidate>> _byDate = [];

    public void Add(DuplicateCandidate candidate)
    {
        if (!_byDate.TryGetValue(candidate.Child.DateOfBirth, out var list))
        {
            _byDate[candidate.Child.DateOfBirth] = list = [];
        }

        list.Add(candidate);
    }

    public DuplicateVerdict? Check(Child registered, ChildIdentifierSet identifiers) =>
        _byDate.TryGetValue(registered.DateOfBirth, out var list) ? check.Check(registered, identifiers, list) : null;
}
