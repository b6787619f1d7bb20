using System.CommandLine;
using ChildIndex.Cli.Sessions;

namespace ChildIndex.Cli.Commands;

/// <summary>`childindex logout`: revokes the session at the identity server and forgets it here.</summary>
public static class LogoutCommand
{
    public static Command Create(CommandHost host)
    {
        var command = new Command("logout", "Sign out: revoke this session's refresh token at the identity server and delete the cached credentials");
        host.SetAction(
            command,
            async (_, context, cancellationToken) =>
            {
                var session = context.Credentials.Load();
                if (session?.RefreshToken is { Length: > 0 } refreshToken)
                {
                    try
                    {
                        using var server = context.ConnectIdentity(session.Identity);
                        await server.RevokeAsync(refreshToken, cancellationToken);
                    }
                    catch (IdentityServerException problem)
                    {
                        // Signing out must work offline: the cache goes anyway, and the unrevoked
                        // refresh token dies on its own when it expires.
                        await context.Error.WriteLineAsync(
                            $"warning: {problem.Message}: the session could not be revoked there and stays usable by its refresh token until it expires");
                    }
                }

                var deleted = context.Credentials.Delete();
                await context.Output.WriteLineAsync(session is not null || deleted
                    ? $"signed out{(session?.Username is { } name ? $" {name}" : string.Empty)}: removed {context.Credentials.FilePath}"
                    : "not signed in: nothing to do");
                return ExitCodes.Ok;
            },
            CommandTarget.None);
        return command;
    }
}
