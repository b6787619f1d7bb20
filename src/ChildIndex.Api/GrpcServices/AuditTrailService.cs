using ChildIndex.Api.Auditing;
using ChildIndex.Contracts.V1;
using ChildIndex.Core.Access;
using ChildIndex.Core.Audit;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;

namespace ChildIndex.Api.GrpcServices;

/// <summary>
/// The security officers' view of the trail, each RPC delegated to the reader that answers it. Reads
/// that rest on checkpoints (export, verification, checkpoints, proofs) first have the audit writer
/// sign the head, since checkpoints are signed every so often rather than with every record; only
/// for a caller allowed the RPC, so that a refused call writes nothing and answers PERMISSION_DENIED.
/// </summary>
[Authorize]
public sealed class AuditTrailService(AuditQueries queries, AuditExport export, AuditVerification verification, AuditProofs proofs, MisuseReport misuse, AuditWriter writer) : AuditTrail.AuditTrailBase
{
    public override Task<QueryAuditResponse> QueryAudit(QueryAuditRequest request, ServerCallContext context) =>
        queries.QueryAsync(request, context.Caller(), context.CancellationToken);

    public override async Task ExportAudit(ExportAuditRequest request, IServerStreamWriter<AuditExportItem> responseStream, ServerCallContext context)
    {
        await SealAsync(DirectoryAction.ExportAudit, context);
        await foreach (var item in export.ExportAsync(context.Caller(), context.CancellationToken))
        {
            await responseStream.WriteAsync(item, context.CancellationToken);
        }
    }

    public override Task<WhoAccessedChildResponse> WhoAccessedChild(WhoAccessedChildRequest request, ServerCallContext context) =>
        queries.WhoAccessedAsync(request, context.Caller(), context.CancellationToken);

    public override async Task<VerifyAuditTrailResponse> VerifyAuditTrail(VerifyAuditTrailRequest request, ServerCallContext context)
    {
        await SealAsync(DirectoryAction.VerifyAuditTrail, context);
        return await verification.VerifyAsync(context.Caller(), context.CancellationToken);
    }

    public override async Task<SignedCheckpoint> GetCheckpoint(GetCheckpointRequest request, ServerCallContext context)
    {
        await SealAsync(DirectoryAction.GetCheckpoint, context);
        return await proofs.GetCheckpointAsync(request, context.Caller(), context.CancellationToken);
    }

    public override async Task<InclusionProof> GetInclusionProof(GetInclusionProofRequest request, ServerCallContext context)
    {
        await SealAsync(DirectoryAction.GetInclusionProof, context);
        return await proofs.GetInclusionProofAsync(request, context.Caller(), context.CancellationToken);
    }

    public override async Task<ConsistencyProof> GetConsistencyProof(GetConsistencyProofRequest request, ServerCallContext context)
    {
        await SealAsync(DirectoryAction.GetConsistencyProof, context);
        return await proofs.GetConsistencyProofAsync(request, context.Caller(), context.CancellationToken);
    }

    public override Task<MisuseReportResponse> MisuseReport(MisuseReportRequest request, ServerCallContext context) =>
        misuse.MisuseReportAsync(request, context.Caller(), context.CancellationToken);

    private async Task SealAsync(DirectoryAction action, ServerCallContext context)
    {
        Permissions.Demand(context.Caller(), action);
        await writer.SealAsync(context.CancellationToken);
    }
}
