using ChildIndex.Core.Identifiers;
using ChildIndex.Core.Records;
using Google.Protobuf.WellKnownTypes;
using V1 = ChildIndex.Contracts.V1;

namespace ChildIndex.Core.Shielding;

/// <summary>Shields, grants and reviews as contract messages; unset or unknown contract values read as null.</summary>
public static class ShieldingMapping
{
    public static ShieldReason? ToDomain(V1.ShieldReason reason) =>
        reason is > V1.ShieldReason.Unspecified and <= V1.ShieldReason.OtherRisk ? (ShieldReason)reason : null;

    public static BreakGlassReviewOutcome? ToDomain(V1.ReviewOutcome outcome) =>
        outcome is > V1.ReviewOutcome.Unspecified and <= V1.ReviewOutcome.Referred ? (BreakGlassReviewOutcome)outcome : null;

    public static V1.ShieldingState State(string childId, bool shielded, ShieldReason? reason, DateTimeOffset? shieldedAt) => new()
    {
        ChildId = ChildId.Format(childId),
        Shielded = shielded,
        Reason = reason is { } r ? (V1.ShieldReason)r : V1.ShieldReason.Unspecified,
        ShieldedAt = shieldedAt is { } at ? Timestamp.FromDateTimeOffset(at) : null,
    };

    public static V1.BreakGlassGrant ToContract(BreakGlassGrant grant, string childId) => new()
    {
        GrantId = grant.Id.ToString(),
        ChildId = ChildId.Format(childId),
        ExpiresAt = Timestamp.FromDateTimeOffset(grant.ExpiresAt),
        // The grant is its own review: one row holds the override and what the index team made of it.
        ReviewId = grant.Id.ToString(),
    };

    public static V1.BreakGlassReview ToReview(BreakGlassGrant grant, string childId) => new()
    {
        ReviewId = grant.Id.ToString(),
        ChildId = ChildId.Format(childId),
        UserSubject = grant.UserSubject,
        UserName = grant.UserName,
        OrganisationCode = grant.OrganisationCode,
        Justification = grant.Justification,
        OpenedAt = Timestamp.FromDateTimeOffset(grant.OpenedAt),
        ExpiresAt = Timestamp.FromDateTimeOffset(grant.ExpiresAt),
        Status = (V1.ReviewStatus)grant.ReviewStatus,
        Outcome = grant.ReviewOutcome is { } outcome ? (V1.ReviewOutcome)outcome : V1.ReviewOutcome.Unspecified,
        ReviewNote = grant.ReviewNote ?? string.Empty,
        ReviewedBy = grant.ReviewedBy ?? string.Empty,
        ReviewedAt = grant.ReviewedAt is { } at ? Timestamp.FromDateTimeOffset(at) : null,
    };
}
