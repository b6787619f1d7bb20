using System.CommandLine;
using ChildIndex.Cli.Output;
using ChildIndex.Contracts.V1;

namespace ChildIndex.Cli.Commands.Admin;

/// <summary>`childindex admin` commands about agency systems' clients.</summary>
public static class ClientAdminCommands
{
    public static IEnumerable<Command> Create(CommandHost host) => [RegisterClient(host), RevokeClient(host), ListClients(host)];

    private static Command RegisterClient(CommandHost host)
    {
        var clientId = AdminCommand.Required("--client-id", "The OAuth client id: 3 to 64 of a-z 0-9 . - _", "ID");
        var displayName = AdminCommand.Required("--display-name", "The agency system's name", "NAME");
        var orgCode = AdminCommand.Required("--org-code", "The organisation it registers children for", "CODE");
        var orgName = AdminCommand.Required("--org-name", "That organisation's name", "NAME");
        var command = new Command("register-client", "Register an agency system's client (client credentials); prints its secret, shown once")
        {
            clientId, displayName, orgCode, orgName,
        };
        AdminCommand.SetCall(
            host,
            command,
            parsed => new RegisterAgencyClientRequest
            {
                ClientId = parsed.GetValue(clientId)!.Trim(),
                DisplayName = parsed.GetValue(displayName)!.Trim(),
                OrganisationCode = parsed.GetValue(orgCode)!.Trim(),
                OrganisationName = parsed.GetValue(orgName)!.Trim(),
            },
            (client, request, options) => client.RegisterAgencyClientAsync(request, options),
            (context, response) =>
            {
                AdminTables.WriteClient(context.Console, response.Client);
                AdminTables.WriteShownOnce(context.Console, "configure it in the agency system as CHILDINDEX_CLIENT_SECRET", [("Client secret", response.ClientSecret)]);
            });
        return command;
    }

    private static Command RevokeClient(CommandHost host)
    {
        var clientId = new Argument<string>("CLIENT_ID") { Description = "The agency client's id" };
        var command = new Command("revoke-client", "Revoke an agency client: no new tokens, refused by the directory within a minute") { clientId };
        AdminCommand.SetCall(
            host,
            command,
            parsed => new RevokeAgencyClientRequest { ClientId = parsed.GetValue(clientId)! },
            (client, request, options) => client.RevokeAgencyClientAsync(request, options),
            (context, agencyClient) => AdminTables.WriteClient(context.Console, agencyClient));
        return command;
    }

    private static Command ListClients(CommandHost host)
    {
        var orgCode = new Option<string>("--org-code") { Description = "Only this organisation's clients", HelpName = "CODE" };
        var command = new Command("list-clients", "List agency clients by client id (at most 200; never their secrets)") { orgCode };
        AdminCommand.SetCall(
            host,
            command,
            parsed => new ListAgencyClientsRequest { OrganisationCode = parsed.GetValue(orgCode)?.Trim() ?? string.Empty },
            (client, request, options) => client.ListAgencyClientsAsync(request, options),
            (context, response) => AdminTables.WriteClients(context.Console, response.Clients));
        return command;
    }
}
