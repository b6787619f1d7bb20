using ChildIndex.Contracts.V1;
using ChildIndex.Identity.Core.Events;
using ChildIndex.Identity.Hosting;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;

namespace ChildIndex.Identity.GrpcServices;

/// <summary>The authentication events, for the directory's audit trail and no one else: the
/// directory's own client token with the auth-events scope (docs/decisions/0008).</summary>
[Authorize(Policy = OpenIddictSetup.AuthEventFeedPolicy)]
public sealed class AuthEventFeedService(AuthEventFeedReader reader) : AuthEventFeed.AuthEventFeedBase
{
    public override Task<ReadAuthEventsResponse> ReadAuthEvents(ReadAuthEventsRequest request, ServerCallContext context) =>
        reader.ReadAsync(request, context.CancellationToken);
}
