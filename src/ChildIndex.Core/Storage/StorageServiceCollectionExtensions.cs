using Microsoft.Extensions.DependencyInjection;

namespace ChildIndex.Core.Storage;

public static class StorageServiceCollectionExtensions
{
    public static IServiceCollection AddChildIndexStorage(this IServiceCollection services, DatabaseSettings settings)
    {
        services.AddSingleton(settings);
        // Pooled: a context per call is the hot path, and pooling saves most of its setup cost.
        services.AddDbContextPool<ChildIndexDbContext>(settings.Apply);
        services.AddScoped<DatabaseMigrator>();
        return services;
    }
}
