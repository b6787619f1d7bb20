using ChildIndex.Core.Access;
using ChildIndex.Core.Diagnostics;
using ChildIndex.Common.Errors;
using ChildIndex.Core.Records;
using ChildIndex.Core.Storage;
using ChildIndex.Core.Text;
using ChildIndex.Core.Validation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using V1 = ChildIndex.Contracts.V1;

namespace ChildIndex.Core.Lookup;

/// <summary>Finds children for practitioners: by identifier, or by name with a date of birth or
/// postcode. Every query is a seek on an index; none scans the children.</summary>
public sealed class ChildSearch(ChildIndexDbContext db, ILogger<ChildSearch> logger)
{
    public const int MaxResults = 20;

    // A name search reads at most this many keys: enough for MaxResults children, each matched
    // through several of their names, without letting a common name read a large part of the index.
    private const int MaxKeysRead = 200;

    public async Task<V1.SearchChildrenResponse> SearchAsync(V1.SearchChildrenRequest request, Caller caller, CancellationToken cancellationToken)
    {
        Permissions.Demand(caller, DirectoryAction.SearchChildren);
        var violations = new Violations();
        FieldRules.Purpose(request.Purpose, "purpose", violations);
        List<Found> found;
        switch (request.CriteriaCase)
        {
            case V1.SearchChildrenRequest.CriteriaOneofCase.ChildId:
                var childId = FieldRules.ChildId(request.ChildId, "child_id", violations);
                violations.ThrowIfAny();
                found = await ByIdentifierAsync(db.Children.Where(c => c.IndexId == childId), cancellationToken);
                break;
            case V1.SearchChildrenRequest.CriteriaOneofCase.NhsNumber:
                var nhs = Required(FieldRules.NhsNumber(request.NhsNumber, "nhs_number", violations), request.NhsNumber, "nhs_number", violations);
                violations.ThrowIfAny();
                found = await ByIdentifierAsync(db.Children.Where(c => c.NhsNumber == nhs), cancellationToken);
                break;
            case V1.SearchChildrenRequest.CriteriaOneofCase.Upn:
                var upn = Required(FieldRules.Upn(request.Upn, "upn", violations), request.Upn, "upn", violations);
                violations.ThrowIfAny();
                found = await ByIdentifierAsync(db.Children.Where(c => c.Upn == upn), cancellationToken);
                break;
            case V1.SearchChildrenRequest.CriteriaOneofCase.Name:
                found = await ByNameAsync(request.Name, violations, cancellationToken);
                break;
            default:
                throw DomainException.Invalid("criteria", "is required: one of child_id, nhs_number, upn or name");
        }

        var response = new V1.SearchChildrenResponse { MoreResultsAvailable = found.Count > MaxResults };
        response.Children.AddRange(found.Take(MaxResults).Select(f => RecordMapping.ToSummary(f.Child, f.MatchedOtherName)));
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

    private static async Task<List<Found>> ByIdentifierAsync(IQueryable<Child> match, CancellationToken cancellationToken)
    {
        var children = await match.AsNoTracking()
            .Where(c => c.Status != RecordStatus.Archived)
            .Take(1)
            .ToListAsync(cancellationToken);
        return [.. children.Select(c => new Found(c, null))];
    }

    private async Task<List<Found>> ByNameAsync(V1.NameSearch search, Violations violations, CancellationToken cancellationToken)
    {
        var family = FieldRules.PersonName(search.FamilyName, "name.family_name", violations);
        var given = string.IsNullOrWhiteSpace(search.GivenName)
            ? null
            : FieldRules.PersonName(search.GivenName, "name.given_name", violations);
        var dob = FieldRules.Date(search.DateOfBirth, "name.date_of_birth", violations, required: false);
        var postcode = string.IsNullOrWhiteSpace(search.Postcode)
            ? null
            : FieldRules.Postcode(search.Postcode, "name.postcode", violations);
        if (search.DateOfBirth is null && string.IsNullOrWhiteSpace(search.Postcode))
        {
            violations.Add("name.date_of_birth", "a date of birth or a postcode is required with the family name");
        }

        violations.ThrowIfAny();

        var familyKey = NameFolding.Key(family!);
        var keys = db.SearchKeys.AsNoTracking().Where(k => k.FamilyKey == familyKey);
        if (dob is { } date)
        {
            keys = keys.Where(k => k.DateOfBirth == date);
        }

        if (postcode is not null)
        {
            keys = keys.Where(k => k.Postcode == postcode);
        }

        if (given is not null)
        {
            var givenPattern = SearchKeys.GivenKeyPattern(given);
            keys = keys.Where(k => k.GivenKeys.Contains(givenPattern));
        }

        var hits = await keys.Select(k => new { k.ChildId, k.OtherNamePosition }).Take(MaxKeysRead).ToListAsync(cancellationToken);
        if (hits.Count == 0)
        {
            return [];
        }

        var childIds = hits.Select(h => h.ChildId).Distinct().ToList();
        var children = await db.Children.AsNoTracking()
            .Include(c => c.OtherNames)
            .Where(c => childIds.Contains(c.Id) && c.Status != RecordStatus.Archived)
            .ToListAsync(cancellationToken);

        // A child matched on the current name ranks above one matched only through another name.
        return [.. children
            .Select(c =>
            {
                var onCurrentName = hits.Any(h => h.ChildId == c.Id && h.OtherNamePosition is null);
                var otherPosition = hits.FirstOrDefault(h => h.ChildId == c.Id && h.OtherNamePosition is not null)?.OtherNamePosition;
                return new Found(c, onCurrentName ? null : c.OtherNames.FirstOrDefault(o => o.Position == otherPosition));
            })
            .OrderBy(f => f.MatchedOtherName is null ? 0 : 1)
            .ThenBy(f => f.Child.FamilyName, StringComparer.OrdinalIgnoreCase)
            .ThenBy(f => f.Child.GivenNames, StringComparer.OrdinalIgnoreCase)
            .ThenBy(f => f.Child.DateOfBirth)
            .ThenBy(f => f.Child.IndexId, StringComparer.Ordinal)];
    }

    private sealed record Found(Child Child, OtherName? MatchedOtherName);
}
