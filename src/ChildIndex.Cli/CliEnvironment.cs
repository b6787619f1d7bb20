using Grpc.Net.Client;

namespace ChildIndex.Cli;

/// <summary>
/// Everything the CLI takes from the world outside its command line, replaceable as a whole:
/// tests run many commands at once in one process, each with its own variables, configuration
/// folder and in-process servers, which process-wide environment variables could not give them.
/// </summary>
public sealed class CliEnvironment
{
    public static CliEnvironment Default { get; } = new();

    /// <summary>Makes the channel for a gRPC URL (directory or IdentityAdmin); by default a plain
    /// <see cref="GrpcChannel"/> for that URL. Channels it returns are not disposed here.</summary>
    public Func<Uri, GrpcChannel>? ChannelFactory { get; init; }

    /// <summary>Carries every HTTP request to the identity server (device flow, token, revocation);
    /// by default a new socket handler. A handler given here is not disposed here.</summary>
    public HttpMessageHandler? IdentityHandler { get; init; }

    /// <summary>Reads an environment variable (CHILDINDEX_*, HOME).</summary>
    public Func<string, string?> Variable { get; init; } = Environment.GetEnvironmentVariable;
}
