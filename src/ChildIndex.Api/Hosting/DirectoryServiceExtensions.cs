using ChildIndex.Api.GrpcServices;
using ChildIndex.Core.Lookup;
using ChildIndex.Core.Registration;
using ChildIndex.Core.Storage;
using ChildIndex.ServiceDefaults.GrpcErrors;

namespace ChildIndex.Api.Hosting;

public static class DirectoryServiceExtensions
{
    /// <summary>The largest request message accepted: far above any real record, far below harm.</summary>
    public const int MaxReceiveMessageBytes = 64 * 1024;

    public static WebApplicationBuilder AddDirectoryStorage(this WebApplicationBuilder builder)
    {
        builder.Services.AddChildIndexStorage();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddScoped<ChildFinder>();
        builder.Services.AddScoped<ChildRegistrar>();
        builder.Services.AddScoped<InvolvementRegistrar>();
        return builder;
    }

    public static WebApplicationBuilder AddDirectoryGrpc(this WebApplicationBuilder builder)
    {
        builder.Services.AddGrpc(options =>
        {
            options.MaxReceiveMessageSize = MaxReceiveMessageBytes;
            options.EnableDetailedErrors = false;
            options.Interceptors.Add<ErrorInterceptor>();
        });
        builder.Services.AddGrpcReflection();
        builder.Services.AddGrpcHealthChecks(options => options.UseHealthChecksCache = false)
            .AddCheck<DatabaseHealthCheck>("database");
        return builder;
    }

    public static WebApplication MapDirectoryGrpc(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGrpcService<ChildDirectoryService>();
        app.MapGrpcService<RegistrationService>();
        app.MapGrpcHealthChecksService();
        app.MapGrpcReflectionService();
        return app;
    }
}
