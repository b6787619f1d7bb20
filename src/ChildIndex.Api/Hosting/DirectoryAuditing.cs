using ChildIndex.Api.Auditing;
using ChildIndex.Core.Audit;

namespace ChildIndex.Api.Hosting;

public static class DirectoryAuditing
{
    /// <summary>The audit trail: its signing key (AUDIT_SIGNING_KEY; generated into DATA_DIR in
    /// Development and Testing), the appender, the per-call record, and group commit.</summary>
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
        services.AddSingleton<AuditBatcher>();
        services.AddHostedService(provider => provider.GetRequiredService<AuditBatcher>());
        services.AddSingleton<AuthEventIngest>();
        services.AddHostedService(provider => provider.GetRequiredService<AuthEventIngest>());
        return builder;
    }
}
