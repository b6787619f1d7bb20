using ChildIndex.Common.Errors;
using ChildIndex.Core.Identifiers;
using ChildIndex.Core.Records;
using ChildIndex.Core.Validation;

namespace ChildIndex.Core.Registration;

/// <summary>A child row as the batch's identifier look-ups return it.</summary>
internal sealed record KnownRow(long Id, string IndexId, string? NhsNumber, string? Upn, DateOnly DateOfBirth, long Version);

/// <summary>
/// A child one batch of registrations knows: found by its look-ups, or created by an earlier item.
/// Holds the child's identifiers as they will be once the batch commits, so that later items of
/// the same batch match what earlier ones created or added.
/// </summary>
internal sealed class KnownChild
{
    private readonly List<LocalIdentifier> _addedLocalIds = [];
    private readonly string? _storedNhsNumber;
    private readonly string? _storedUpn;

    public KnownChild(KnownRow row)
    {
        Id = row.Id;
        IndexId = row.IndexId;
        NhsNumber = _storedNhsNumber = row.NhsNumber;
        Upn = _storedUpn = row.Upn;
        DateOfBirth = row.DateOfBirth;
        Version = row.Version;
    }

    public KnownChild(Child created)
    {
        Created = created;
        IndexId = created.IndexId;
        NhsNumber = created.NhsNumber;
        Upn = created.Upn;
        DateOfBirth = created.DateOfBirth;
        Version = created.Version;
    }

    /// <summary>The stored child's key; 0 for a child this batch creates.</summary>
    public long Id { get; }

    public string IndexId { get; }
    public string? NhsNumber { get; private set; }
    public string? Upn { get; private set; }
    public DateOnly DateOfBirth { get; }
    public long Version { get; }

    /// <summary>The new entity, for a child this batch creates.</summary>
    public Child? Created { get; }

    /// <summary>The stored child read whole, once it is known to change.</summary>
    public Child? Loaded { get; private set; }

    /// <summary>A stored child that gains an identifier, and so is written.</summary>
    public bool HasAdditions => NhsNumber != _storedNhsNumber || Upn != _storedUpn || _addedLocalIds.Count > 0;

    public void AddNhsNumber(string nhsNumber)
    {
        NhsNumber = nhsNumber;
        Created?.NhsNumber = nhsNumber;
    }

    public void AddUpn(string upn)
    {
        Upn = upn;
        Created?.Upn = upn;
    }

    public void AddLocalId(string organisationCode, string value)
    {
        var local = new LocalIdentifier { OrganisationCode = organisationCode, Value = value };
        if (Created is not null)
        {
            Created.LocalIds.Add(local);
        }
        else
        {
            _addedLocalIds.Add(local);
        }
    }

    /// <summary>Makes on the stored child, read whole, the additions decided for it.</summary>
    public void ApplyAdditions(Child stored)
    {
        Loaded = stored;
        stored.NhsNumber ??= NhsNumber;
        stored.Upn ??= Upn;
        foreach (var local in _addedLocalIds)
        {
            if (!stored.LocalIds.Any(l => l.OrganisationCode == local.OrganisationCode && l.Value == local.Value))
            {
                stored.LocalIds.Add(local);
            }
        }
    }
}

/// <summary>
/// What one batch knows of the children its identifiers name, indexed by each identifier, and the
/// rules of ADR 4 applied to it in memory: an item matches the one child its identifiers name, or
/// none; two children, or one whose date of birth or other identifier disagrees, refuse it.
/// </summary>
internal sealed class KnownChildren
{
    private readonly Dictionary<long, KnownChild> _stored = [];
    private readonly Dictionary<string, KnownChild> _byNhsNumber = new(StringComparer.Ordinal);
    private readonly Dictionary<string, KnownChild> _byUpn = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Organisation, string Value), KnownChild> _byLocalId = [];
    private readonly HashSet<string> _newIndexIds = new(StringComparer.Ordinal);

    public KnownChild Found(KnownRow row) => Stored(row);

    /// <summary>Whether any of the identifiers names a child this batch knows.</summary>
    public bool NamesAny(ChildIdentifierSet ids) =>
        (ids.NhsNumber is { } nhs && _byNhsNumber.ContainsKey(nhs)) ||
        (ids.Upn is { } upn && _byUpn.ContainsKey(upn)) ||
        ids.LocalIds.Any(l => _byLocalId.ContainsKey((l.OrganisationCode, l.Value)));

    public void FoundLocal(string organisationCode, string value, KnownRow owner) =>
        _byLocalId[(organisationCode, value)] = Stored(owner);

    /// <summary>The one child the identifiers name, or null when they name none.</summary>
    public KnownChild? Match(ChildIdentifierSet ids, DateOnly dateOfBirth)
    {
        var matches = new HashSet<KnownChild>();
        if (ids.NhsNumber is { } nhs && _byNhsNumber.TryGetValue(nhs, out var byNhs))
        {
            matches.Add(byNhs);
        }

        if (ids.Upn is { } upn && _byUpn.TryGetValue(upn, out var byUpn))
        {
            matches.Add(byUpn);
        }

        foreach (var local in ids.LocalIds)
        {
            if (_byLocalId.TryGetValue((local.OrganisationCode, local.Value), out var byLocal))
            {
                matches.Add(byLocal);
            }
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

        var child = matches.First();
        if (child.DateOfBirth != dateOfBirth ||
            (ids.NhsNumber is not null && child.NhsNumber is not null && child.NhsNumber != ids.NhsNumber) ||
            (ids.Upn is not null && child.Upn is not null && child.Upn != ids.Upn))
        {
            throw new DomainException(DomainErrorKind.Conflict,
                "the identifiers given belong to a child in the index whose details differ (date of birth or another identifier): check them, or ask the index team to review");
        }

        return child;
    }

    /// <summary>Makes the draft a new child with the identifiers given, under a fresh index id.</summary>
    public KnownChild Create(Child child, ChildIdentifierSet ids, DateTimeOffset now)
    {
        // Index ids are random (ADR 3): one already stored fails the unique index and the batch
        // is retried item by item; one drawn twice in this batch is drawn again here.
        do
        {
            child.IndexId = ChildId.New();
        }
        while (!_newIndexIds.Add(child.IndexId));
        child.NhsNumber = ids.NhsNumber;
        child.Upn = ids.Upn;
        child.LocalIds.AddRange(ids.LocalIds);
        child.CreatedAt = now;
        child.UpdatedAt = now;
        var known = new KnownChild(child);
        Index(known);
        foreach (var local in ids.LocalIds)
        {
            _byLocalId[(local.OrganisationCode, local.Value)] = known;
        }

        return known;
    }

    /// <summary>Gives a matched child the identifiers it lacked (never replacing one it has).</summary>
    public void AddMissingIdentifiers(KnownChild child, ChildIdentifierSet ids)
    {
        if (child.NhsNumber is null && ids.NhsNumber is { } nhs)
        {
            child.AddNhsNumber(nhs);
        }

        if (child.Upn is null && ids.Upn is { } upn)
        {
            child.AddUpn(upn);
        }

        Index(child);
        foreach (var local in ids.LocalIds)
        {
            if (_byLocalId.TryAdd((local.OrganisationCode, local.Value), child))
            {
                child.AddLocalId(local.OrganisationCode, local.Value);
            }
        }
    }

    private KnownChild Stored(KnownRow row)
    {
        if (!_stored.TryGetValue(row.Id, out var known))
        {
            known = new KnownChild(row);
            _stored.Add(row.Id, known);
            Index(known);
        }

        return known;
    }

    private void Index(KnownChild child)
    {
        if (child.NhsNumber is { } nhs)
        {
            _byNhsNumber[nhs] = child;
        }

        if (child.Upn is { } upn)
        {
            _byUpn[upn] = child;
        }
    }
}
