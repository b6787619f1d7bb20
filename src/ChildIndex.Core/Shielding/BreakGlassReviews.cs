using ChildIndex.Common.Errors;
using ChildIndex.Core.Access;
using ChildIndex.Core.Audit;
using ChildIndex.Core.Diagnostics;
using ChildIndex.Core.Records;
using ChildIndex.Core.Storage;
using ChildIndex.Core.Time;
using ChildIndex.Core.Validation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using V1 = ChildIndex.Contracts.V1;

namespace ChildIndex.Core.Shielding;

/// <summary>The index team's review of every break-glass override: a work queue of open reviews,
/// each closed with an outcome (justified, or referred for investigation) and a note.</summary>
public sealed class BreakGlassReviews(ChildIndexDbContext db, CallAudit audit, TimeProvider time, ILogger<BreakGlassReviews> logger)
{
    public const int MaxListed = 200;

    /// <summary>Open reviews first, longest waiting first; then closed ones, newest first.</summary>
    public async Task<V1.ListBreakGlassReviewsResponse> ListAsync(V1.ListBreakGlassReviewsRequest request, Caller caller, CancellationToken cancellationToken)
    {
        Permissions.Demand(caller, DirectoryAction.ListBreakGlassReviews);
        var response = new V1.ListBreakGlassReviewsResponse();
        response.Reviews.AddRange(await ReadAsync(BreakGlassReviewStatus.Open, newestFirst: false, MaxListed, cancellationToken));
        if (!request.OpenOnly)
        {
            response.Reviews.AddRange(await ReadAsync(BreakGlassReviewStatus.Closed, newestFirst: true, MaxListed - response.Reviews.Count, cancellationToken));
        }

        return response;
    }

    public async Task<V1.BreakGlassReview> CloseAsync(V1.CloseBreakGlassReviewRequest request, Caller caller, CancellationToken cancellationToken)
    {
        Permissions.Demand(caller, DirectoryAction.CloseBreakGlassReview);
        var violations = new Violations();
        Guid reviewId = default;
        if (string.IsNullOrWhiteSpace(request.ReviewId))
        {
            violations.Add("review_id", "is required");
        }
        else if (!Guid.TryParseExact(request.ReviewId.Trim(), "D", out reviewId))
        {
            violations.Add("review_id", "must be a review identifier as returned by ListBreakGlassReviews");
        }

        var outcome = ShieldingMapping.ToDomain(request.Outcome);
        if (outcome is null)
        {
            violations.Add("outcome", "is required: REVIEW_OUTCOME_JUSTIFIED or REVIEW_OUTCOME_REFERRED");
        }

        var note = FieldRules.Justification(request.ReviewNote, "review_note", violations, required: true);
        violations.ThrowIfAny();

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var review = await Reviews(db.BreakGlassGrants.Where(g => g.Id == reviewId)).SingleOrDefaultAsync(cancellationToken)
            ?? throw new DomainException(DomainErrorKind.NotFound, $"no break-glass review {reviewId}");

        // Conditional, so that of two reviewers closing it at once only one outcome stands.
        var closed = await db.BreakGlassGrants
            .Where(g => g.Id == reviewId && g.ReviewStatus == BreakGlassReviewStatus.Open)
            .ExecuteUpdateAsync(
                set => set
                    .SetProperty(g => g.ReviewStatus, BreakGlassReviewStatus.Closed)
                    .SetProperty(g => g.ReviewOutcome, outcome)
                    .SetProperty(g => g.ReviewNote, note)
                    .SetProperty(g => g.ReviewedBy, caller.Subject)
                    .SetProperty(g => g.ReviewedAt, time.StorableNow()),
                cancellationToken);
        if (closed == 0)
        {
            throw new DomainException(DomainErrorKind.Conflict, $"break-glass review {reviewId} is already closed");
        }

        await audit.AppendWithinAsync(db, [review.IndexId], $"break-glass review {reviewId}: {outcome}: {note}", cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        logger.BreakGlassReviewClosed(reviewId, outcome!.Value.ToString());

        var after = await Reviews(db.BreakGlassGrants.AsNoTracking().Where(g => g.Id == reviewId)).SingleAsync(cancellationToken);
        return ShieldingMapping.ToReview(after.Grant, after.IndexId);
    }

    private async Task<List<V1.BreakGlassReview>> ReadAsync(BreakGlassReviewStatus status, bool newestFirst, int take, CancellationToken cancellationToken)
    {
        if (take <= 0)
        {
            return [];
        }

        var grants = db.BreakGlassGrants.AsNoTracking().Where(g => g.ReviewStatus == status);
        // SQLite keeps times as text it cannot order; there the ids (UUIDv7, time first) give the
        // same order. SQL Server orders uniqueidentifiers by their last bytes, so the others use the time.
        grants = db.Database.IsSqlite()
            ? (newestFirst ? grants.OrderByDescending(g => g.Id) : grants.OrderBy(g => g.Id))
            : (newestFirst ? grants.OrderByDescending(g => g.OpenedAt).ThenByDescending(g => g.Id) : grants.OrderBy(g => g.OpenedAt).ThenBy(g => g.Id));
        var rows = await Reviews(grants.Take(take)).ToListAsync(cancellationToken);

        // The join may lose the order of the rows it was given: put it back.
        var ordered = newestFirst ? rows.OrderByDescending(r => r.Grant.OpenedAt) : rows.OrderBy(r => r.Grant.OpenedAt);
        return [.. ordered.Select(r => ShieldingMapping.ToReview(r.Grant, r.IndexId))];
    }

    private IQueryable<GrantOfChild> Reviews(IQueryable<BreakGlassGrant> grants) =>
        grants.Join(db.Children, g => g.ChildId, c => c.Id, (g, c) => new GrantOfChild(g, c.IndexId));

    private sealed record GrantOfChild(BreakGlassGrant Grant, string IndexId);
}
