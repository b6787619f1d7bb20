using ChildIndex.Core.Retention;

namespace ChildIndex.Core.Records;

/// <summary>
/// A child in the index. Holds only the schedule's basic details: there is no column for case
/// notes or narrative, and every text column has a length limit.
/// </summary>
public sealed class Child
{
    /// <summary>Surrogate key, never shown outside the database.</summary>
    public long Id { get; set; }

    /// <summary>The index identifier in canonical form (9 characters); see <see cref="Identifiers.ChildId"/>.</summary>
    public required string IndexId { get; set; }

    public required string GivenNames { get; set; }
    public required string FamilyName { get; set; }
    public Gender Gender { get; set; }
    public DateOnly DateOfBirth { get; set; }
    public ResidenceKind Residence { get; set; }
    public Address? Address { get; set; }

    public string? NhsNumber { get; set; }
    public string? Upn { get; set; }

    public RecordStatus Status { get; set; } = RecordStatus.Active;

    /// <summary>Recorded by the index team: the record is archived a year after it (RetentionPolicy).</summary>
    public DateOnly? DateOfDeath { get; set; }

    /// <summary>Kept until 25 instead of 18, with the young person's consent.</summary>
    public RetentionExtension RetentionExtension { get; set; }

    /// <summary>When the record was archived; it is purged six years later unless held.</summary>
    public DateOnly? ArchivedOn { get; set; }

    /// <summary>A legal hold stops the purge (never the archive); why, who set it and when.</summary>
    public string? LegalHoldReason { get; set; }
    public string? LegalHoldSetBy { get; set; }
    public DateTimeOffset? LegalHoldSetAt { get; set; }

    /// <summary>Set while the record is merged: the survivor's index identifier, which looks-ups and
    /// writes naming this record are sent on to (<see cref="Merging.MergedRecords"/>).</summary>
    public string? MergedInto { get; set; }

    /// <summary>Shielded: others than the index team see only name, gender, date of birth, index
    /// identifier and carers' names, and searches find the child only by those.</summary>
    public bool Shielded { get; set; }

    public ShieldReason? ShieldReason { get; set; }
    public string? ShieldJustification { get; set; }
    public DateTimeOffset? ShieldedAt { get; set; }

    /// <summary>Version of the details, checked by the database on every update.</summary>
    public long Version { get; set; } = 1;

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public List<OtherName> OtherNames { get; set; } = [];
    public List<Carer> Carers { get; set; } = [];
    public List<LocalIdentifier> LocalIds { get; set; } = [];
    public List<Involvement> Involvements { get; set; } = [];
    public List<SearchKey> SearchKeys { get; set; } = [];
}

public sealed class OtherName
{
    public long Id { get; set; }
    public long ChildId { get; set; }

    /// <summary>Keeps the order the registering agency gave.</summary>
    public int Position { get; set; }

    public OtherNameKind Kind { get; set; }
    public required string GivenNames { get; set; }
    public required string FamilyName { get; set; }
}

public sealed class Carer
{
    public long Id { get; set; }
    public long ChildId { get; set; }
    public int Position { get; set; }
    public required string GivenNames { get; set; }
    public required string FamilyName { get; set; }
    public CarerRelationship Relationship { get; set; }
    public bool HasParentalResponsibility { get; set; }
    public Address? Address { get; set; }
    public string? Phone { get; set; }
    public string? Email { get; set; }
}

/// <summary>An identifier an agency's own system gives the child; unique per organisation.</summary>
public sealed class LocalIdentifier
{
    public long Id { get; set; }
    public long ChildId { get; set; }
    public required string OrganisationCode { get; set; }
    public required string Value { get; set; }
}

/// <summary>A service involved with the child and how to reach the practitioner or team.</summary>
public sealed class Involvement
{
    public Guid Id { get; set; }
    public long ChildId { get; set; }
    public ServiceType ServiceType { get; set; }
    public required string OrganisationCode { get; set; }
    public required string OrganisationName { get; set; }
    public required string PractitionerName { get; set; }
    public string? Role { get; set; }
    public string? Phone { get; set; }
    public string? Email { get; set; }
    public DateOnly StartDate { get; set; }
    public DateOnly? EndDate { get; set; }
    public bool LeadProfessional { get; set; }
    public bool CafCompleted { get; set; }
    public DateTimeOffset RecordedAt { get; set; }

    /// <summary>Why a sensitive service's involvement may be recorded; null for other services.</summary>
    public LegalBasis? LegalBasis { get; set; }

    public bool IsCurrent => EndDate is null;
}

/// <summary>
/// One searchable name of a child (the current name, or a former name or alias), folded, with the
/// date of birth and postcode copied beside it so that each search is one index seek.
/// Rebuilt whenever the child's details change.
/// </summary>
public sealed class SearchKey
{
    public long Id { get; set; }
    public long ChildId { get; set; }
    public required string FamilyKey { get; set; }

    /// <summary>Each given name's key between spaces (" ANNA MARIE "), for a residual match.</summary>
    public required string GivenKeys { get; set; }

    public DateOnly DateOfBirth { get; set; }
    public string? Postcode { get; set; }

    /// <summary>Position of the other name this key was made from; null for the current name.</summary>
    public int? OtherNamePosition { get; set; }

    /// <summary>The key is one part of a hyphenated or double-barrelled family name.</summary>
    public bool IsNamePart { get; set; }

    /// <summary>Phonetic codes of the family name (primary and alternate) and of the first given name.</summary>
    public string? FamilyPhonetic { get; set; }
    public string? FamilyPhoneticAlt { get; set; }
    public string? GivenPhonetic { get; set; }

    public int BirthYear { get; set; }

    /// <summary>The postcode's outward code ("LS6"), for district searches.</summary>
    public string? PostcodeDistrict { get; set; }

    /// <summary>Copied from the child: searches by others than the index team use shielded
    /// children's current-name keys only, and never their postcode.</summary>
    public bool Shielded { get; set; }
}

/// <summary>A break-glass override: one user may see one shielded record in full until
/// <see cref="ExpiresAt"/>; the index team reviews every one.</summary>
public sealed class BreakGlassGrant
{
    public Guid Id { get; set; }
    public long ChildId { get; set; }
    public required string UserSubject { get; set; }
    public required string UserName { get; set; }
    public required string OrganisationCode { get; set; }
    public required string Justification { get; set; }
    public DateTimeOffset OpenedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public BreakGlassReviewStatus ReviewStatus { get; set; } = BreakGlassReviewStatus.Open;
    public BreakGlassReviewOutcome? ReviewOutcome { get; set; }
    public string? ReviewNote { get; set; }
    public string? ReviewedBy { get; set; }
    public DateTimeOffset? ReviewedAt { get; set; }
}

/// <summary>
/// The first answer to a request carrying an idempotency key, so that a retry gets the same
/// answer and changes nothing (see docs/decisions/0004-registration-idempotency.md).
/// </summary>
public sealed class IdempotencyRecord
{
    /// <summary>Who sent the request. Empty until callers are authenticated; then their client id.</summary>
    public required string Scope { get; set; }

    public Guid RequestId { get; set; }
    public required string Operation { get; set; }

    /// <summary>SHA-256 of the request, so that a key reused for another request is refused.</summary>
    public required byte[] RequestHash { get; set; }

    /// <summary>The child's index identifier.</summary>
    public required string ChildIndexId { get; set; }

    public Guid? InvolvementId { get; set; }
    public int Outcome { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
