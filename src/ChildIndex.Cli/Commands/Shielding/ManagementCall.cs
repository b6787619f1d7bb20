using System.CommandLine;
using ChildIndex.Contracts.V1;
using Google.Protobuf;
using Grpc.Core;

namespace ChildIndex.Cli.Commands.Shielding;

/// <summary>One IndexManagement request and its answer, as every shielding and review command sends it.</summary>
public static class ManagementCall
{
    /// <summary>One IndexManagement request and its answer (<see cref="CommandHost.SetCall"/>).</summary>
    public static void Set<TRequest, TResponse>(
        CommandHost host,
        Command command,
        Func<ParseResult, TRequest> request,
        Func<IndexManagement.IndexManagementClient, TRequest, CallOptions, AsyncUnaryCall<TResponse>> send,
        Action<CommandContext, TResponse> print)
        where TResponse : IMessage
    {
        ArgumentNullException.ThrowIfNull(host);
        host.SetCall(command, request, (context, message, options) => send(context.Connection.Management, message, options), print);
    }
}
