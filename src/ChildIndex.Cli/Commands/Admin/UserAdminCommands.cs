using System.CommandLine;
using ChildIndex.Cli.Output;
using ChildIndex.Contracts.V1;

namespace ChildIndex.Cli.Commands.Admin;

/// <summary>`childindex admin` commands about people: enrolment, vetting, resets, suspension, look-ups.</summary>
public static class UserAdminCommands
{
    public static IEnumerable<Command> Create(CommandHost host) =>
        [EnrolUser(host), RecordVetting(host), ResetTwoFactor(host), ResetPassword(host), Suspend(host), Reinstate(host), ShowUser(host), ListUsers(host)];

    private static Command EnrolUser(CommandHost host)
    {
        var username = AdminCommand.Required("--username", "Sign-in name: 3 to 64 of a-z 0-9 . - _", "NAME");
        var displayName = AdminCommand.Required("--display-name", "The name others see", "NAME");
        var orgCode = AdminCommand.Required("--org-code", "The user's organisation code", "CODE");
        var orgName = AdminCommand.Required("--org-name", "The user's organisation name", "NAME");
        var roles = new Option<string[]>("--role")
        {
            Description = "A role (repeat for several): practitioner, practitioner-editor, safeguarding-lead, index-admin, security-officer, identity-admin",
            HelpName = "ROLE",
            Required = true,
            Arity = ArgumentArity.OneOrMore,
        };
        var vetting = new VettingOptions(required: false);
        var command = new Command("enrol-user", "Enrol a user; prints their one-time password and TOTP secret, shown once")
        {
            username, displayName, orgCode, orgName, roles,
        };
        foreach (var option in vetting.All)
        {
            command.Options.Add(option);
        }

        AdminCommand.SetCall(
            host,
            command,
            parsed =>
            {
                var request = new EnrolUserRequest
                {
                    Username = parsed.GetValue(username)!.Trim(),
                    DisplayName = parsed.GetValue(displayName)!.Trim(),
                    OrganisationCode = parsed.GetValue(orgCode)!.Trim(),
                    OrganisationName = parsed.GetValue(orgName)!.Trim(),
                    Roles = { parsed.GetValue(roles)!.Select(role => role.Trim()) },
                };
                if (vetting.Read(parsed) is { } given)
                {
                    request.Vetting = given;
                }

                return request;
            },
            (client, request, options) => client.EnrolUserAsync(request, options),
            (context, response) =>
            {
                AdminTables.WriteUser(context.Console, response.User);
                AdminTables.WriteShownOnce(context.Console, $"give these to {response.User.Username} in person", [
                    ("One-time password", response.InitialPassword),
                    ("TOTP secret", response.TotpSecret),
                    ("TOTP URI", response.TotpUri),
                ]);
            });
        return command;
    }

    private static Command RecordVetting(CommandHost host)
    {
        var username = AdminCommand.Username();
        var vetting = new VettingOptions(required: true);
        var command = new Command("record-vetting", "Record (replace) a user's vetting: DBS check, training, user agreement") { username };
        foreach (var option in vetting.All)
        {
            command.Options.Add(option);
        }

        AdminCommand.SetCall(
            host,
            command,
            parsed => new RecordVettingRequest { Username = parsed.GetValue(username)!, Vetting = vetting.Read(parsed) },
            (client, request, options) => client.RecordVettingAsync(request, options),
            (context, user) => AdminTables.WriteUser(context.Console, user));
        return command;
    }

    private static Command ResetTwoFactor(CommandHost host)
    {
        var username = AdminCommand.Username();
        var command = new Command("reset-2fa", "Issue a new TOTP secret, shown once; codes from the old one stop working at once") { username };
        AdminCommand.SetCall(
            host,
            command,
            parsed => new ResetTwoFactorRequest { Username = parsed.GetValue(username)! },
            (client, request, options) => client.ResetTwoFactorAsync(request, options),
            (context, response) => AdminTables.WriteShownOnce(context.Console, "give these to the user in person", [
                ("TOTP secret", response.TotpSecret),
                ("TOTP URI", response.TotpUri),
            ]));
        return command;
    }

    private static Command ResetPassword(CommandHost host)
    {
        var username = AdminCommand.Username();
        var command = new Command("reset-password", "Issue a new one-time password, shown once, and clear a lockout") { username };
        AdminCommand.SetCall(
            host,
            command,
            parsed => new ResetPasswordRequest { Username = parsed.GetValue(username)! },
            (client, request, options) => client.ResetPasswordAsync(request, options),
            (context, response) => AdminTables.WriteShownOnce(context.Console, "give it to the user in person", [("One-time password", response.Password)]));
        return command;
    }

    private static Command Suspend(CommandHost host)
    {
        var username = AdminCommand.Username();
        var reason = AdminCommand.Required("--reason", "Why (kept in the audit trail and shown to administrators)", "TEXT");
        var command = new Command("suspend", "Suspend a user: no sign-in or refresh from now, refused by the directory within a minute") { username, reason };
        AdminCommand.SetCall(
            host,
            command,
            parsed => new SuspendUserRequest { Username = parsed.GetValue(username)!, Reason = parsed.GetValue(reason)!.Trim() },
            (client, request, options) => client.SuspendUserAsync(request, options),
            (context, user) => AdminTables.WriteUser(context.Console, user));
        return command;
    }

    private static Command Reinstate(CommandHost host)
    {
        var username = AdminCommand.Username();
        var command = new Command("reinstate", "Lift a user's suspension") { username };
        AdminCommand.SetCall(
            host,
            command,
            parsed => new ReinstateUserRequest { Username = parsed.GetValue(username)! },
            (client, request, options) => client.ReinstateUserAsync(request, options),
            (context, user) => AdminTables.WriteUser(context.Console, user));
        return command;
    }

    private static Command ShowUser(CommandHost host)
    {
        var username = AdminCommand.Username();
        var command = new Command("show-user", "Show a user's account: organisation, roles, status, vetting, lockout") { username };
        AdminCommand.SetCall(
            host,
            command,
            parsed => new GetUserRequest { Username = parsed.GetValue(username)! },
            (client, request, options) => client.GetUserAsync(request, options),
            (context, user) => AdminTables.WriteUser(context.Console, user));
        return command;
    }

    private static Command ListUsers(CommandHost host)
    {
        var orgCode = new Option<string>("--org-code") { Description = "Only this organisation's users", HelpName = "CODE" };
        var command = new Command("list-users", "List users by username (at most 200)") { orgCode };
        AdminCommand.SetCall(
            host,
            command,
            parsed => new ListUsersRequest { OrganisationCode = parsed.GetValue(orgCode)?.Trim() ?? string.Empty },
            (client, request, options) => client.ListUsersAsync(request, options),
            (context, response) => AdminTables.WriteUsers(context.Console, response.Users));
        return command;
    }
}
