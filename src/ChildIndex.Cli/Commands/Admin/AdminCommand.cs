using System.CommandLine;
using ChildIndex.Cli.Output;
using ChildIndex.Contracts.V1;
using Google.Protobuf;
using Grpc.Core;

namespace ChildIndex.Cli.Commands.Admin;

/// <summary>`childindex admin ...`: the identity administrators' commands over the IdentityAdmin API.</summary>
public static class AdminCommand
{
    public static Command Create(CommandHost host)
    {
        var command = new Command(
            "admin",
            "Identity administration (enrol users, vetting, two-factor and password resets, suspension, agency clients), " +
            "as a signed-in identity administrator, over the IdentityAdmin API (--identity-admin)");
        foreach (var subcommand in UserAdminCommands.Create(host).Concat(ClientAdminCommands.Create(host)))
        {
            command.Subcommands.Add(subcommand);
        }

        return command;
    }

    /// <summary>
    /// Makes <paramref name="command"/> send one request and print the answer: as protobuf JSON with
    /// --json, else by <paramref name="print"/>. The request is built first, so that a mistyped
    /// command line is a usage error whether or not anyone is signed in.
    /// </summary>
    public static void SetCall<TRequest, TResponse>(
        CommandHost host,
        Command command,
        Func<ParseResult, TRequest> request,
        Func<IdentityAdmin.IdentityAdminClient, TRequest, CallOptions, AsyncUnaryCall<TResponse>> send,
        Action<CommandContext, TResponse> print)
        where TResponse : IMessage
    {
        ArgumentNullException.ThrowIfNull(host);
        host.SetAction(
            command,
            async (parsed, context, cancellationToken) =>
            {
                var message = request(parsed);
                var response = await send(context.Connection.Admin, message, await context.CallOptionsAsync(cancellationToken));
                if (context.Json)
                {
                    await ProtoJson.WriteAsync(context.Output, response);
                }
                else
                {
                    print(context, response);
                }

                return ExitCodes.Ok;
            },
            CommandTarget.IdentityAdmin);
    }

    public static Argument<string> Username() => new("USERNAME") { Description = "The user's sign-in name" };

    public static Option<string> Required(string name, string description, string helpName) =>
        new(name) { Description = description, HelpName = helpName, Required = true };
}
