using ChildIndex.Core.Audit;
using ChildIndex.Core.Duplicates;
using ChildIndex.Core.Matching;
using ChildIndex.Core.Shielding;
using ChildIndex.Core.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace ChildIndex.Core.Registration;

public static class DirectoryWrites
{
    /// <summary>Registering children, recording involvements, shielding and the duplicate tasks,
    /// with what they need (the database from DB_PROVIDER, DB_CONNECTION and DATA_DIR, the clock,
    /// the matching, duplicate and shielding settings, the audit trail's appender): one registration
    /// for the directory and for the demo seeder, so that demo data goes through the same code and
    /// settings as an agency's.</summary>
    /// <param name="mayGenerateSigningKey">See <see cref="DirectoryAuditTrail.AddDirectoryAuditTrail"/>.</param>
    public static IServiceCollection AddDirectoryWrites(this IServiceCollection services, Func<IServiceProvider, bool> mayGenerateSigningKey)
    {
        services.AddChildIndexStorage();
        services.AddSingleton(TimeProvider.System);
        services.AddDirectoryMatching();
        services.AddDirectoryDuplicates();
        services.AddDirectoryShielding();
        services.AddDirectoryAuditTrail(mayGenerateSigningKey);
        services.AddScoped<ChildRegistrar>();
        services.AddScoped<InvolvementRegistrar>();
        return services;
    }
}
