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
        services.AddSingleton(provider => new AuditWitnessing(
            WitnessFrom(provider.GetRequiredService<IConfiguration>(), provider),
            provider.GetRequiredService<AuditSigningKey>(),
            provider.GetRequiredService<ILogger<AuditWitnessing>>(),
            provider.GetService<TimeProvider>()));
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

    /// <summary>AUDIT_WITNESS: file:PATH (a witness file the directory writes, on storage the
    /// database's owners cannot write), http(s)://HOST:PORT (a witness service), or unset (no
    /// witness: a warning at start-up, since a database owner could then rewrite the trail's tail).</summary>
    private static IAuditWitness? WitnessFrom(IConfiguration configuration, IServiceProvider provider)
    {
        var setting = configuration["AUDIT_WITNESS"];
        if (string.IsNullOrWhiteSpace(setting))
        {
            return null;
        }

        if (setting.StartsWith("file:", StringComparison.Ordinal) && setting.Length > "file:".Length)
        {
            return FileAuditWitness.Open(Path.GetFullPath(setting["file:".Length..]), provider.GetRequiredService<AuditSigningKey>(), provider.GetRequiredService<TimeProvider>());
        }

        if (Uri.TryCreate(setting, UriKind.Absolute, out var address) && address.Scheme is "http" or "https")
        {
            return new GrpcAuditWitness(address);
        }

        throw new InvalidOperationException($"AUDIT_WITNESS must be file:PATH or an http(s) address of a witness, not '{setting}'");
    }
}
