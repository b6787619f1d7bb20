using ChildIndex.Contracts.V1;
using ChildIndex.Core.Audit;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;

namespace ChildIndex.Api.GrpcServices;

/// <summary>The security officers' view of the trail, each RPC delegated to the reader that answers it.</summary>
[Authorize]
public sealed class AuditTrailService(AuditQueries queries, AuditExport export, AuditVerification verification, AuditProofs proofs, MisuseReport misuse) : AuditTrail.AuditTrailBase
{
    public override Task<QueryAuditResponse> QueryAudit(QueryAuditRequest request, ServerCallContext context) =>
        queries.QueryAsync(request, context.Caller(), context.CancellationToken);

    public override async Task ExportAudit(ExportAuditRequest request, IServerStreamWriter<AuditExportItem> responseStream, ServerCallContext context)
    {
        await foreach (var item in export.ExportAsync(context.Caller(), context.CancellationToken))
        {
            await responseStream.WriteAsync(item, context.CancellationToken);
        }
    }

    public override Task<WhoAccessedChildResponse> WhoAccessedChild(WhoAccessedChildRequest request, ServerCallContext context) =>
        queries.WhoAccessedAsync(request, context.Caller(), context.CancellationToken);

    public override Task<VerifyAuditTrailResponse> VerifyAuditTrail(VerifyAuditTrailRequest request, ServerCallContext context) =>
        verification.VerifyAsync(context.Caller(), context.CancellationToken);

    public override Task<SignedCheckpoint> GetCheckpoint(GetCheckpointRequest request, ServerCallContext context) =>
        proofs.GetCheckpointAsync(request, context.Caller(), context.CancellationToken);

    public override Task<InclusionProof> GetInclusionProof(GetInclusionProofRequest request, ServerCallContext context) =>
        proofs.GetInclusionProofAsync(request, context.Caller(), context.CancellationToken);

    public override Task<ConsistencyProof> GetConsistencyProof(GetConsistencyProofRequest request, ServerCallContext context) =>
        proofs.GetConsistencyProofAsync(request, context.Caller(), context.CancellationToken);

    public override Task<MisuseReportResponse> MisuseReport(MisuseReportRequest request, ServerCallContext context) =>
        misuse.MisuseReportAsync(request, context.Caller(), context.CancellationToken);
}
