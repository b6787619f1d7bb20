using ChildIndex.Contracts.V1;
using ChildIndex.Core.Lookup;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;

namespace ChildIndex.Api.GrpcServices;

/// <summary>The practitioners' look-ups, delegated to <see cref="ChildSearch"/> and <see cref="ChildRecordView"/>.</summary>
[Authorize]
public sealed class ChildDirectoryService(ChildSearch search, ChildRecordView records) : ChildDirectory.ChildDirectoryBase
{
    public override Task<SearchChildrenResponse> SearchChildren(SearchChildrenRequest request, ServerCallContext context) =>
        search.SearchAsync(request, context.Caller(), context.CancellationToken);

    public override Task<ChildRecord> GetChild(GetChildRequest request, ServerCallContext context) =>
        records.GetAsync(request, context.Caller(), context.CancellationToken);
}
