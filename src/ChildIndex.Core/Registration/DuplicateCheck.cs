using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
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

        await LockBlockingKeysAsync(db, drafts, cancellationToken);
        var keys = drafts.SelectMany(d => d.SearchKeys).ToList();
        var dates = drafts.Select(d => d.DateOfBirth).Distinct().ToList();
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
    /// Holds, until the transaction ends, a lock on each blocking key of <paramref name="children"/>:
    /// the date of birth with the family name's key, with each of its sound codes, and with the
    /// given name's code, for every name the child is registered under. A registration finds a
    /// stored child only through such a pair, so two registrations of one new child decided at the
    /// same time (two agencies' feeds, two instances) want a lock in common: the second waits, and
    /// its look-up then sees the child the first created. Without it, on PostgreSQL (read committed)
    /// neither saw the other and the index held the child twice, with no task for the index team.
    /// Registrations of different children rarely share a key, so feeds still write side by side.
    /// SQL Server locks whole dates of birth (a coarser lock, one statement each); on SQLite the
    /// write lock already orders every registration. Keys are locked in one order, before the batch
    /// writes anything, so batches cannot wait on each other in a cycle.
    /// </summary>
    /// <remarks>A batch's candidates are read for all its items at once, so an item is also scored
    /// against children that share its date and only another item's name; those are not locked, and
    /// two such registrations at the same moment may both be created (a pair the scorer would
    /// rarely call one child).</remarks>
    internal static async Task LockBlockingKeysAsync(ChildIndexDbContext db, IReadOnlyCollection<Child> children, CancellationToken cancellationToken)
    {
        if (children.Count == 0 || db.Database.CurrentTransaction is null)
        {
            return;
        }

        var connection = db.Database.GetDbConnection();
        if (connection is NpgsqlConnection)
        {
            var keys = children.SelectMany(BlockingLocks).Distinct().Order().ToArray();
            // One statement: the aggregate takes the locks in the subquery's order.
            await db.Database.ExecuteSqlAsync(
                $"SELECT count(pg_advisory_xact_lock(k)) FROM (SELECT unnest({keys}) AS k ORDER BY 1) AS keys", cancellationToken);
        }
        else if (connection is SqlConnection)
        {
            foreach (var day in children.Select(c => c.DateOfBirth.DayNumber).Distinct().Order())
            {
                var resource = $"childindex-duplicate-check-{day}";
                await db.Database.ExecuteSqlAsync(
                    $"DECLARE @granted int; EXEC @granted = sp_getapplock @Resource = {resource}, @LockMode = 'Exclusive', @LockOwner = 'Transaction', @LockTimeout = 30000; IF @granted < 0 BEGIN; THROW 51000, 'timed out waiting for the duplicate check''s lock on a date of birth', 1; END;",
                    cancellationToken);
            }
        }
    }

    /// <summary>The advisory lock keys of a child's blocking pairs: 64 bits of a SHA-256 of a text
    /// that names the check, the kind of name code, the date and the code, the same in every
    /// process (unlike string hash codes).</summary>
    private static IEnumerable<long> BlockingLocks(Child child)
    {
        foreach (var key in child.SearchKeys)
        {
            var day = key.DateOfBirth.DayNumber;
            yield return Lock($"family|{day}|{key.FamilyKey}");
            foreach (var code in new[] { key.FamilyPhonetic, key.FamilyPhoneticAlt }.OfType<string>())
            {
                yield return Lock($"sound|{day}|{code}");
            }

            if (key.GivenPhonetic is { } given)
            {
                yield return Lock($"given|{day}|{given}");
            }
        }

        static long Lock(string text) =>
            BinaryPrimitives.ReadInt64LittleEndian(SHA256.HashData(Encoding.UTF8.GetBytes($"childindex-duplicate-check|{text}")));
    }

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
