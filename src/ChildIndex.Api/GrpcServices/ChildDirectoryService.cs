using ChildIndex.Contracts.V1;
using ChildIndex.Core.Lookup;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;

namespace ChildIndex.Api.GrpcServices;

/// <summary>The practitioners' look-ups, delegated to <see cref="ChildFinder"/>.</summary>
[Authorize]
public sealed class ChildDirectoryService(ChildFinder finder) : ChildDirectory.ChildDirectoryBase
{
    public override Task<SearchChildrenResponse> SearchChildren(SearchChildrenRequest request, ServerCallContext context) =>
        finder.SearchAsync(request, context.Caller(), context.CancellationToken);

    public override Task<ChildRecord> GetChild(GetChildRequest request, ServerCallContext context) =>
        finder.GetAsync(request, context.Caller(), context.CancellationToken);
}
