using ChildIndex.Common.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ChildIndex.Core.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>The database is chosen when the first context is made, not when services are
    /// registered, so that configuration added later (by a host builder or a test) counts.</summary>
    public static IServiceCollection AddChildIndexStorage(this IServiceCollection services)
    {
        services.AddSingleton(provider => DatabaseSettings.FromConfiguration(provider.GetRequiredService<IConfiguration>(), ChildIndexDbContext.DefaultSqliteFile));
        // Pooled: a context per call is the hot path, and pooling saves most of its setup cost.
        services.AddDbContextPool<ChildIndexDbContext>((provider, options) => provider.GetRequiredService<DatabaseSettings>().Apply(options));
        return services;
    }
}
