using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChildIndex.Core.Audit;

public static class DirectoryAuditTrail
{
    /// <summary>What a write needs to commit its audit record with its data: the signing key
    /// (AUDIT_SIGNING_KEY), the checkpoint policy, the witness (AUDIT_WITNESS), the appender and
    /// the per-call record. The writer that publishes checkpoints is the directory host's.</summary>
    /// <param name="mayGenerateSigningKey">Whether a missing key is generated into DATA_DIR: the
    /// host's environment decides (Development and Testing only).</param>
    public static IServiceCollection AddDirectoryAuditTrail(this IServiceCollection services, Func<IServiceProvider, bool> mayGenerateSigningKey)
    {
        ArgumentNullException.ThrowIfNull(mayGenerateSigningKey);
        services.AddSingleton(provider => AuditSigningKey.Load(provider.GetRequiredService<IConfiguration>(), mayGenerateSigningKey(provider)));
        services.AddSingleton(provider => new AuditWitnessing(
            WitnessFrom(provider.GetRequiredService<IConfiguration>(), provider),
            provider.GetRequiredService<AuditSigningKey>(),
            provider.GetRequiredService<ILogger<AuditWitnessing>>(),
            provider.GetService<TimeProvider>()));
        services.AddSingleton<AuditAppender>();
        services.AddScoped<CallAudit>();
        services.AddSingleton(provider => AuditCheckpointPolicy.FromConfiguration(provider.GetRequiredService<IConfiguration>()));
        return services;
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
