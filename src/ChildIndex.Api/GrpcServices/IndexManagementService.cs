using ChildIndex.Contracts.V1;
using ChildIndex.Core.Shielding;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;

namespace ChildIndex.Api.GrpcServices;

/// <summary>The index team's shields and reviews and the safeguarding leads' break-glass override,
/// delegated to <see cref="ShieldManagement"/>, <see cref="BreakGlassAccess"/> and <see cref="BreakGlassReviews"/>.</summary>
[Authorize]
public sealed class IndexManagementService(ShieldManagement shields, BreakGlassAccess breakGlass, BreakGlassReviews reviews)
    : IndexManagement.IndexManagementBase
{
    public override Task<ShieldingState> ShieldChild(ShieldChildRequest request, ServerCallContext context) =>
        shields.ShieldAsync(request, context.Caller(), context.CancellationToken);

    public override Task<ShieldingState> UnshieldChild(UnshieldChildRequest request, ServerCallContext context) =>
        shields.UnshieldAsync(request, context.Caller(), context.CancellationToken);

    public override Task<BreakGlassGrant> BreakGlass(BreakGlassRequest request, ServerCallContext context) =>
        breakGlass.BreakGlassAsync(request, context.Caller(), context.CancellationToken);

    public override Task<ListBreakGlassReviewsResponse> ListBreakGlassReviews(ListBreakGlassReviewsRequest request, ServerCallContext context) =>
        reviews.ListAsync(request, context.Caller(), context.CancellationToken);

    public override Task<BreakGlassReview> CloseBreakGlassReview(CloseBreakGlassReviewRequest request, ServerCallContext context) =>
        reviews.CloseAsync(request, context.Caller(), context.CancellationToken);
}
