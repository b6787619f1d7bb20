using Grpc.Core;
using Spectre.Console;

namespace ChildIndex.Cli;

/// <summary>What a running command needs: its output, the global options' values and the server.</summary>
public sealed class CommandContext(
    IAnsiConsole console, TextWriter output, TextWriter error, bool interactive, bool json, TimeSpan timeout, ServerConnection connection)
{
    /// <summary>Tables and progress, rendered to <see cref="Output"/>.</summary>
    public IAnsiConsole Console { get; } = console;

    /// <summary>Standard output, for JSON that must reach scripts unwrapped and unstyled.</summary>
    public TextWriter Output { get; } = output;

    public TextWriter Error { get; } = error;

    /// <summary>Standard output is a terminal a person watches: live progress is worth drawing.</summary>
    public bool Interactive { get; } = interactive;

    public bool Json { get; } = json;

    public TimeSpan Timeout { get; } = timeout;

    public ServerConnection Connection { get; } = connection;

    public CallOptions CallOptions(CancellationToken cancellationToken) => ServerConnection.CallOptions(Timeout, cancellationToken);
}
