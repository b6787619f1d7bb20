using System.CommandLine;
using ChildIndex.Cli.Output;
using ChildIndex.Contracts.V1;
using Google.Protobuf;
using Grpc.Core;

namespace ChildIndex.Cli.Commands.Shielding;

/// <summary>One IndexManagement request and its answer, as every shielding and review command sends it.</summary>
public static class ManagementCall
{
    /// <summary>
    /// Makes <paramref name="command"/> send one request and print the answer: as protobuf JSON with
    /// --json, else by <paramref name="print"/>. The request is built first, so that a mistyped
    /// command line is a usage error whether or not anyone is signed in.
    /// </summary>
    public static void Set<TRequest, TResponse>(
        CommandHost host,
        Command command,
        Func<ParseResult, TRequest> request,
        Func<IndexManagement.IndexManagementClient, TRequest, CallOptions, AsyncUnaryCall<TResponse>> send,
        Action<CommandContext, TResponse> print)
        where TResponse : IMessage
    {
        ArgumentNullException.ThrowIfNull(host);
        host.SetAction(command, async (parsed, context, cancellationToken) =>
        {
            var message = request(parsed);
            var response = await send(context.Connection.Management, message, await context.CallOptionsAsync(cancellationToken));
            if (context.Json)
            {
                await ProtoJson.WriteAsync(context.Output, response);
            }
            else
            {
                print(context, response);
            }

            return ExitCodes.Ok;
        });
    }
}
