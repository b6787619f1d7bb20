using ChildIndex.Api.Auditing;

namespace ChildIndex.Api.Hosting;

public static class DirectoryAuditing
{
    /// <summary>The audit trail's server side, beside what writes need (DirectoryAuditTrail, in
    /// <see cref="DirectoryServiceExtensions.AddDirectoryStorage"/>): the instance's name in each
    /// record, and the writer (group commit, checkpoints, the witness) and the ingest of
    /// authentication events, both running with the server.</summary>
    public static WebApplicationBuilder AddDirectoryAuditing(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton(provider => new ServerInstance(
            provider.GetRequiredService<IConfiguration>()["SERVER_INSTANCE"] is { Length: > 0 } name
                ? name
                : $"{Environment.MachineName}:{Environment.ProcessId}"));

        // Resolved when the host starts: a missing signing key stops the server at once.
        services.AddSingleton<AuditWriter>();
        services.AddHostedService(provider => provider.GetRequiredService<AuditWriter>());
        // The authentication events come from the identity server's AuthEventFeed, with the
        // directory's own client token; "identity" is the HTTP client for both (tests give it the
        // identity server's in-process handler). Its per-request log lines would be four every
        // 2 s: a failed round says what failed itself.
        services.AddHttpClient(DirectoryClientToken.HttpClientName).RemoveAllLoggers();
        services.AddSingleton<DirectoryClientToken>();
        services.AddSingleton<AuthEventFeedClient>();
        services.AddSingleton<AuthEventIngest>();
        services.AddHostedService(provider => provider.GetRequiredService<AuthEventIngest>());
        return builder;
    }
}
