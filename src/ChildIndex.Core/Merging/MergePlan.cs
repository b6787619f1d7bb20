using ChildIndex.Core.Identifiers;
using ChildIndex.Core.Records;

namespace ChildIndex.Core.Merging;

/// <summary>
/// What merging a duplicate into a survivor does to the survivor's own details, worked out from the
/// two records alone: which of the duplicate's names and carers it gains, and which identifiers move.
/// The rows that move whole (involvements, local identifiers) are not its concern.
/// </summary>
public sealed class MergePlan
{
    private MergePlan(MergeSnapshot snapshot, IReadOnlyList<OtherName> names, IReadOnlyList<Carer> carers)
    {
        Snapshot = snapshot;
        NamesToAdd = names;
        CarersToAdd = carers;
    }

    public MergeSnapshot Snapshot { get; }

    /// <summary>New rows for the survivor, positioned after its own.</summary>
    public IReadOnlyList<OtherName> NamesToAdd { get; }

    public IReadOnlyList<Carer> CarersToAdd { get; }

    /// <summary>Why the two may not be merged, or null. Checks the records only: whether the pair
    /// is marked not the same child is the database's to say.</summary>
    public static string? Refusal(Child survivor, Child duplicate)
    {
        ArgumentNullException.ThrowIfNull(survivor);
        ArgumentNullException.ThrowIfNull(duplicate);
        var s = ChildId.Format(survivor.IndexId);
        var d = ChildId.Format(duplicate.IndexId);
        foreach (var child in new[] { survivor, duplicate })
        {
            switch (child.Status)
            {
                case RecordStatus.Merged:
                    return $"child {ChildId.Format(child.IndexId)} is merged already (into {ChildId.Format(child.MergedInto ?? string.Empty)})";
                case RecordStatus.Archived:
                    return $"child {ChildId.Format(child.IndexId)} is archived: archived records are not merged";
                default:
                    break;
            }
        }

        if (Differ(survivor.NhsNumber, duplicate.NhsNumber))
        {
            return $"children {s} and {d} hold different NHS numbers: correct the wrong one before merging";
        }

        if (Differ(survivor.Upn, duplicate.Upn))
        {
            return $"children {s} and {d} hold different UPNs: correct the wrong one before merging";
        }

        // A merge must not lift a shield by accident, nor spread one: the index team decides that first.
        if (survivor.Shielded != duplicate.Shielded)
        {
            return $"one of children {s} and {d} is shielded and the other is not: shield or unshield first";
        }

        return null;
    }

    public static MergePlan For(Child survivor, Child duplicate)
    {
        ArgumentNullException.ThrowIfNull(survivor);
        ArgumentNullException.ThrowIfNull(duplicate);
        var known = new HashSet<(string, string)>(survivor.OtherNames.Select(o => Key(o.GivenNames, o.FamilyName)))
        {
            Key(survivor.GivenNames, survivor.FamilyName),
        };
        var duplicateNames = new[] { new MergedName(OtherNameKind.Alias, duplicate.GivenNames, duplicate.FamilyName) }
            .Concat(duplicate.OtherNames.OrderBy(o => o.Position).Select(o => new MergedName(o.Kind, o.GivenNames, o.FamilyName)));
        var addedNames = duplicateNames.Where(n => known.Add(Key(n.GivenNames, n.FamilyName))).ToList();

        var knownCarers = new HashSet<(string, string, CarerRelationship)>(survivor.Carers.Select(CarerKey));
        var addedCarers = duplicate.Carers.OrderBy(c => c.Position).Where(c => knownCarers.Add(CarerKey(c))).ToList();

        var namePosition = survivor.OtherNames.Select(o => o.Position).DefaultIfEmpty(-1).Max();
        var carerPosition = survivor.Carers.Select(c => c.Position).DefaultIfEmpty(-1).Max();
        var snapshot = new MergeSnapshot(
            duplicate.Status,
            survivor.NhsNumber is null ? duplicate.NhsNumber : null,
            survivor.Upn is null ? duplicate.Upn : null,
            addedNames,
            [.. addedCarers.Select(c => new MergedCarer(c.GivenNames, c.FamilyName, c.Relationship))]);
        return new MergePlan(
            snapshot,
            [.. addedNames.Select(n => new OtherName { Position = ++namePosition, Kind = n.Kind, GivenNames = n.GivenNames, FamilyName = n.FamilyName })],
            [.. addedCarers.Select(c => Copy(c, ++carerPosition))]);
    }

    /// <summary>
    /// The survivor's other names and carers that a merge added, to be removed by its unmerge: one
    /// of each added, matched by content, so that it finds them even after the survivor's details
    /// were saved again (which writes new rows).
    /// </summary>
    public static (IReadOnlyList<OtherName> Names, IReadOnlyList<Carer> Carers) Added(Child survivor, MergeSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(survivor);
        ArgumentNullException.ThrowIfNull(snapshot);
        var names = new List<OtherName>();
        foreach (var added in snapshot.AddedNames)
        {
            var match = survivor.OtherNames
                .Where(o => !names.Contains(o) && o.Kind == added.Kind && Key(o.GivenNames, o.FamilyName) == Key(added.GivenNames, added.FamilyName))
                .OrderByDescending(o => o.Position)
                .FirstOrDefault();
            if (match is not null)
            {
                names.Add(match);
            }
        }

        var carers = new List<Carer>();
        foreach (var added in snapshot.AddedCarers)
        {
            var match = survivor.Carers
                .Where(c => !carers.Contains(c) && CarerKey(c) == Key3(added))
                .OrderByDescending(c => c.Position)
                .FirstOrDefault();
            if (match is not null)
            {
                carers.Add(match);
            }
        }

        return (names, carers);
    }

    private static bool Differ(string? a, string? b) => a is not null && b is not null && a != b;

    private static (string, string) Key(string givenNames, string familyName) =>
        (givenNames.Trim().ToUpperInvariant(), familyName.Trim().ToUpperInvariant());

    private static (string, string, CarerRelationship) CarerKey(Carer carer) =>
        (carer.GivenNames.Trim().ToUpperInvariant(), carer.FamilyName.Trim().ToUpperInvariant(), carer.Relationship);

    private static (string, string, CarerRelationship) Key3(MergedCarer carer) =>
        (carer.GivenNames.Trim().ToUpperInvariant(), carer.FamilyName.Trim().ToUpperInvariant(), carer.Relationship);

    private static Carer Copy(Carer carer, int position) => new()
    {
        Position = position,
        GivenNames = carer.GivenNames,
        FamilyName = carer.FamilyName,
        Relationship = carer.Relationship,
        HasParentalResponsibility = carer.HasParentalResponsibility,
        Address = carer.Address is not { } address ? null : new Address
        {
            Line1 = address.Line1, Line2 = address.Line2, Line3 = address.Line3, Line4 = address.Line4, Town = address.Town, Postcode = address.Postcode,
        },
        Phone = carer.Phone,
        Email = carer.Email,
    };
}
