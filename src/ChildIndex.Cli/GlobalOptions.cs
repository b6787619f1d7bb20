using System.CommandLine;

namespace ChildIndex.Cli;

/// <summary>Options every command accepts, before or after the command name.</summary>
public sealed class GlobalOptions
{
    public const string ServerVariable = "CHILDINDEX_SERVER";
    public const string DefaultServer = "http://127.0.0.1:5080";
    public const string IdentityVariable = "CHILDINDEX_IDENTITY";
    public const string DefaultIdentity = "http://127.0.0.1:5081";
    public const string IdentityAdminVariable = "CHILDINDEX_IDENTITY_ADMIN";
    public const string DefaultIdentityAdmin = "http://127.0.0.1:5082";
    public const int DefaultTimeoutSeconds = 30;

    /// <summary>The directory's URL. The URL may be left out (`audit verify --server`: ask the
    /// server, the usual one), and is then the variable's or the default.</summary>
    public Option<string> Server { get; } = new("--server")
    {
        Description = $"The ChildIndex directory's URL [default: ${ServerVariable}, else {DefaultServer}]",
        HelpName = "URL",
        Arity = ArgumentArity.ZeroOrOne,
        Recursive = true,
    };

    public Option<string> Identity { get; } = new("--identity")
    {
        Description = $"The identity server's URL, where login signs in [default: ${IdentityVariable}, else {DefaultIdentity}]",
        HelpName = "URL",
        Recursive = true,
    };

    public Option<string> IdentityAdmin { get; } = new("--identity-admin")
    {
        Description = $"The identity server's IdentityAdmin gRPC URL, for admin commands [default: ${IdentityAdminVariable}, else {DefaultIdentityAdmin}]",
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
        Description = "Seconds to wait for a server: the deadline of a call; for register, the longest wait for the next result",
        HelpName = "SECONDS",
        DefaultValueFactory = _ => DefaultTimeoutSeconds,
        Recursive = true,
    };

    public IEnumerable<Option> All => [Server, Identity, IdentityAdmin, Json, Timeout];

    /// <summary>The option's value, else the variable's, else the local default, as an http(s) URL.</summary>
    public static Uri ResolveUrl(string name, string? option, string variable, string fallback, Func<string, string?> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        var value = option is { Length: > 0 }
            ? option
            : variables(variable) is { Length: > 0 } fromEnvironment ? fromEnvironment : fallback;
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new UsageException($"{name} '{value}' is not an http:// or https:// URL");
        }

        return uri;
    }
}
