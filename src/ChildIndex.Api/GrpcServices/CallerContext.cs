using ChildIndex.Api.Hosting;
using ChildIndex.Core.Access;
using Grpc.Core;

namespace ChildIndex.Api.GrpcServices;

public static class CallerContext
{
    /// <summary>The caller as the validated access token describes them.</summary>
    public static Caller Caller(this ServerCallContext context) => context.GetHttpContext().Caller();
}
