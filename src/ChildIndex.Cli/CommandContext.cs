using ChildIndex.Cli.Sessions;
using Grpc.Core;
using Spectre.Console;

namespace ChildIndex.Cli;

/// <summary>Which server a command talks to, so the host can connect to it and report its failures.</summary>
public enum CommandTarget
{
    /// <summary>The directory (--server), as a signed-in person or an agency system.</summary>
    Directory,

    /// <summary>The identity server's IdentityAdmin API (--identity-admin), as a signed-in person.</summary>
    IdentityAdmin,

    /// <summary>No gRPC server (login, logout, totp).</summary>
    None,
}

/// <summary>What a running command needs: its output, the global options' values and the servers.</summary>
public sealed class CommandContext
{
    private readonly ServerConnection? _connection;

    /// <param name="connection">The connection to the command's <see cref="CommandTarget"/>; none for <see cref="CommandTarget.None"/>.</param>
    public CommandContext(ServerConnection? connection) => _connection = connection;

    /// <summary>Tables and progress, rendered to <see cref="Output"/>.</summary>
    public required IAnsiConsole Console { get; init; }

    /// <summary>Standard output, for JSON that must reach scripts unwrapped and unstyled.</summary>
    public required TextWriter Output { get; init; }

    public required TextWriter Error { get; init; }

    /// <summary>Standard output is a terminal a person watches: live progress is worth drawing.</summary>
    public bool Interactive { get; init; }

    public bool Json { get; init; }

    public TimeSpan Timeout { get; init; }

    /// <summary>The identity server where `login` signs in (--identity).</summary>
    public required Uri Identity { get; init; }

    public required CredentialStore Credentials { get; init; }

    public HttpMessageHandler? IdentityHandler { get; init; }

    /// <summary>The connection to the command's <see cref="CommandTarget"/>.</summary>
    public ServerConnection Connection => _connection ?? throw new InvalidOperationException("this command has no gRPC server");

    public Task<CallOptions> CallOptionsAsync(CancellationToken cancellationToken) => Connection.CallOptionsAsync(Timeout, cancellationToken);

    /// <summary>An HTTP client for the identity server at <paramref name="address"/>; the caller disposes it.</summary>
    public IdentityClient ConnectIdentity(Uri address) => new(address, IdentityHandler, Timeout);
}
