using ChildIndex.Contracts.V1;
using ChildIndex.Core.Duplicates;
using ChildIndex.Core.Merging;
using ChildIndex.Core.Retention;
using ChildIndex.Core.Shielding;
using ChildIndex.Core.SubjectAccess;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;

namespace ChildIndex.Api.GrpcServices;

/// <summary>The index team's shields and reviews and the safeguarding leads' break-glass override,
/// records' retention, possible duplicates and merges, delegated to <see cref="ShieldManagement"/>, <see cref="BreakGlassAccess"/>,
/// <see cref="BreakGlassReviews"/>, <see cref="RetentionManagement"/>, <see cref="RetentionJob"/>, <see cref="SubjectAccessReports"/>,
/// <see cref="DuplicateTasks"/> and <see cref="ChildMerging"/>.</summary>
[Authorize]
public sealed class IndexManagementService(
    ShieldManagement shields, BreakGlassAccess breakGlass, BreakGlassReviews reviews, RetentionManagement retention, RetentionJob retentionJob,
    SubjectAccessReports subjectAccess, DuplicateTasks duplicates, ChildMerging merging)
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

    public override Task<RetentionState> RecordDeath(RecordDeathRequest request, ServerCallContext context) =>
        retention.RecordDeathAsync(request, context.Caller(), context.CancellationToken);

    public override Task<RetentionState> SetRetentionExtension(SetRetentionExtensionRequest request, ServerCallContext context) =>
        retention.SetExtensionAsync(request, context.Caller(), context.CancellationToken);

    public override Task<RetentionState> SetLegalHold(SetLegalHoldRequest request, ServerCallContext context) =>
        retention.SetLegalHoldAsync(request, context.Caller(), context.CancellationToken);

    public override Task<RunRetentionResponse> RunRetention(RunRetentionRequest request, ServerCallContext context) =>
        retentionJob.RunAsync(request, context.Caller(), context.CancellationToken);

    public override Task<SubjectAccessReport> SubjectAccess(SubjectAccessRequest request, ServerCallContext context) =>
        subjectAccess.ReportAsync(request, context.Caller(), context.CancellationToken);

    public override Task<ListPossibleDuplicatesResponse> ListPossibleDuplicates(ListPossibleDuplicatesRequest request, ServerCallContext context) =>
        duplicates.ListAsync(request, context.Caller(), context.CancellationToken);

    public override Task<PossibleDuplicateTask> CloseDuplicateTask(CloseDuplicateTaskRequest request, ServerCallContext context) =>
        duplicates.CloseAsync(request, context.Caller(), context.CancellationToken);

    public override Task<MergeOutcome> MergeChildren(MergeChildrenRequest request, ServerCallContext context) =>
        merging.MergeAsync(request, context.Caller(), context.CancellationToken);

    public override Task<MergeOutcome> UnmergeChildren(UnmergeChildrenRequest request, ServerCallContext context) =>
        merging.UnmergeAsync(request, context.Caller(), context.CancellationToken);

    public override Task<MergeDecision> MarkNotSameChild(MarkNotSameChildRequest request, ServerCallContext context) =>
        merging.MarkNotSameChildAsync(request, context.Caller(), context.CancellationToken);

    public override Task<ListMergeHistoryResponse> ListMergeHistory(ListMergeHistoryRequest request, ServerCallContext context) =>
        merging.HistoryAsync(request, context.Caller(), context.CancellationToken);
}
