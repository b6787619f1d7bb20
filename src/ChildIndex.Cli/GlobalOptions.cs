using System.CommandLine;

namespace ChildIndex.Cli;

/// <summary>Options every command accepts, before or after the command name.</summary>
public sealed class GlobalOptions
{
    public const string ServerVariable = "CHILDINDEX_SERVER";
    public const string DefaultServer = "http://127.0.0.1:5080";
    public const int DefaultTimeoutSeconds = 30;

    public Option<string> Server { get; } = new("--server")
    {
        Description = $"The ChildIndex server's URL [default: ${ServerVariable}, else {DefaultServer}]",
        HelpName = "URL",
        Recursive = true,
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Print machine-readable JSON (protobuf's JSON mapping) instead of tables",
        Recursive = true,
    };

    public Option<int> Timeout { get; } = new("--timeout")
    {
        Description = "Seconds to wait for the server: the deadline of a call; for register, the longest wait for the next result",
        HelpName = "SECONDS",
        DefaultValueFactory = _ => DefaultTimeoutSeconds,
        Recursive = true,
    };

    public IEnumerable<Option> All => [Server, Json, Timeout];

    /// <summary>--server, else $CHILDINDEX_SERVER, else the local default, as an http(s) URL.</summary>
    public static Uri ResolveServer(string? option)
    {
        var value = option is { Length: > 0 }
            ? option
            : Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment : DefaultServer;
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new UsageException($"--server '{value}' is not an http:// or https:// URL");
        }

        return uri;
    }
}
