using System.CommandLine;
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

    /// <summary>One IdentityAdmin request and its answer (<see cref="CommandHost.SetCall"/>).</summary>
    public static void SetCall<TRequest, TResponse>(
        CommandHost host,
        Command command,
        Func<ParseResult, TRequest> request,
        Func<IdentityAdmin.IdentityAdminClient, TRequest, CallOptions, AsyncUnaryCall<TResponse>> send,
        Action<CommandContext, TResponse> print)
        where TResponse : IMessage
    {
        ArgumentNullException.ThrowIfNull(host);
        host.SetCall(command, request, (context, message, options) => send(context.Connection.Admin, message, options), print, CommandTarget.IdentityAdmin);
    }

    public static Argument<string> Username() => new("USERNAME") { Description = "The user's sign-in name" };

    public static Option<string> Required(string name, string description, string helpName) =>
        new(name) { Description = description, HelpName = helpName, Required = true };
}
