using ChildIndex.Api.Auditing;
using ChildIndex.Core.Audit;

namespace ChildIndex.Api.Hosting;

public static class DirectoryAuditing
{
    /// <summary>The audit trail: its signing key (AUDIT_SIGNING_KEY; generated into DATA_DIR in
    /// Development and Testing), the appender, the per-call record, and the writer (group commit, checkpoints).</summary>
    public static WebApplicationBuilder AddDirectoryAuditing(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton(provider =>
        {
            var environment = provider.GetRequiredService<IHostEnvironment>();
            return AuditSigningKey.Load(provider.GetRequiredService<IConfiguration>(), environment.IsDevelopment() || environment.IsEnvironment("Testing"));
        });
        services.AddSingleton<AuditAppender>();
        services.AddScoped<CallAudit>();
        services.AddSingleton(provider => new ServerInstance(
            provider.GetRequiredService<IConfiguration>()["SERVER_INSTANCE"] is { Length: > 0 } name
                ? name
                : $"{Environment.MachineName}:{Environment.ProcessId}"));

        // Resolved when the host starts: a missing signing key stops the server at once.
        services.AddSingleton(provider => AuditCheckpointPolicy.FromConfiguration(provider.GetRequiredService<IConfiguration>()));
        services.AddSingleton<AuditWriter>();
        services.AddHostedService(provider => provider.GetRequiredService<AuditWriter>());
        services.AddSingleton<AuthEventIngest>();
        services.AddHostedService(provider => provider.GetRequiredService<AuthEventIngest>());
        return builder;
    }
}
