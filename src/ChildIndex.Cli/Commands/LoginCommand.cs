using System.CommandLine;
using ChildIndex.Cli.Sessions;

namespace ChildIndex.Cli.Commands;

/// <summary>`childindex login`: a person signs in through the device flow and the session is cached.</summary>
public static class LoginCommand
{
    public static Command Create(CommandHost host)
    {
        var command = new Command(
            "login",
            "Sign in as a person: open the address shown, sign in with your password and authenticator code, and approve the code shown here");
        host.SetAction(
            command,
            async (_, context, cancellationToken) =>
            {
                var previous = context.Credentials.Load();
                using var server = context.ConnectIdentity(context.Identity);
                var tokens = await new DeviceLogin(server, context.Output).RunAsync(cancellationToken);
                var holder = TokenPayload.Read(tokens.AccessToken!);
                context.Credentials.Save(new StoredSession(
                    context.Identity, tokens.AccessToken!, tokens.ExpiresAt(DateTimeOffset.UtcNow), tokens.RefreshToken, holder.Username));
                await RevokePreviousAsync(context, previous, cancellationToken);

                var who = string.Join(", ", new[] { holder.Name, holder.OrganisationCode }.Where(part => !string.IsNullOrEmpty(part)));
                var roles = holder.Roles.Count > 0 ? string.Join(", ", holder.Roles) : "none";
                await context.Output.WriteLineAsync($"signed in as {holder.Username ?? "(unknown)"}{(who.Length > 0 ? $" ({who})" : string.Empty)}; roles: {roles}");
                await context.Output.WriteLineAsync($"session saved in {context.Credentials.FilePath} (readable only by you); childindex logout ends it");
                return ExitCodes.Ok;
            },
            CommandTarget.None);
        return command;
    }

    /// <summary>
    /// The session the new one replaces is revoked, not just forgotten: its refresh token would
    /// otherwise stay usable (by anyone who copied the file) until it expired. Done after the new
    /// session is saved, so that a failed sign-in leaves the old session working.
    /// </summary>
    private static async Task RevokePreviousAsync(CommandContext context, StoredSession? previous, CancellationToken cancellationToken)
    {
        if (previous?.RefreshToken is not { Length: > 0 } refreshToken)
        {
            return;
        }

        try
        {
            using var server = context.ConnectIdentity(previous.Identity);
            await server.RevokeAsync(refreshToken, cancellationToken);
        }
        catch (IdentityServerException problem)
        {
            await context.Error.WriteLineAsync(
                $"warning: {problem.Message}: the previous session could not be revoked there and stays usable by its refresh token until it expires");
        }
    }
}
