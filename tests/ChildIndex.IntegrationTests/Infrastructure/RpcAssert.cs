using Google.Rpc;
using Grpc.Core;

namespace ChildIndex.IntegrationTests.Infrastructure;

public static class RpcAssert
{
    /// <summary>Awaits a call that must fail with <paramref name="code"/>; returns the exception.</summary>
    public static async Task<RpcException> FailsWith(StatusCode code, Func<Task> call)
    {
        var error = await Assert.ThrowsAsync<RpcException>(call);
        Assert.Equal(code, error.StatusCode);
        return error;
    }

    /// <summary>The fields named in the error's google.rpc.BadRequest details.</summary>
    public static IReadOnlyList<string> ViolatedFields(RpcException error) =>
        error.GetRpcStatus()?.GetDetail<BadRequest>()?.FieldViolations.Select(v => v.Field).ToList() ?? [];
}
