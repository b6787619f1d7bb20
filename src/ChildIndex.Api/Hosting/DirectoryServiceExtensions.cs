using ChildIndex.Api.Auditing;
using ChildIndex.Api.GrpcServices;
using ChildIndex.Core.Audit;
using ChildIndex.Core.Lookup;
using ChildIndex.Core.Registration;
using ChildIndex.ServiceDefaults.GrpcErrors;

namespace ChildIndex.Api.Hosting;

public static class DirectoryServiceExtensions
{
    /// <summary>The largest request message accepted: far above any real record, far below harm.</summary>
    public const int MaxReceiveMessageBytes = 64 * 1024;

    public static WebApplicationBuilder AddDirectoryStorage(this WebApplicationBuilder builder)
    {
        builder.Services.AddDirectoryWrites(provider =>
        {
            var environment = provider.GetRequiredService<IHostEnvironment>();
            return environment.IsDevelopment() || environment.IsEnvironment("Testing");
        });
        builder.Services.AddDirectorySearch();
        builder.Services.AddScoped<ChildRecordView>();
        builder.Services.AddScoped<AuditQueries>();
        builder.Services.AddScoped<AuditExport>();
        builder.Services.AddScoped<AuditVerification>();
        builder.Services.AddScoped<AuditProofs>();
        builder.Services.AddScoped<MisuseReport>();
        builder.Services.AddDirectoryRetention();
        builder.Services.AddSingleton(provider =>
        {
            var configuration = provider.GetRequiredService<IConfiguration>();
            return new MisuseOptions
            {
                LookupsPerHour = configuration.GetValue("MISUSE_LOOKUPS_PER_HOUR", 50),
                WorkingDayStartHour = configuration.GetValue("MISUSE_WORKING_DAY_START_HOUR", 7),
                WorkingDayEndHour = configuration.GetValue("MISUSE_WORKING_DAY_END_HOUR", 19),
            };
        });
        return builder;
    }

    public static WebApplicationBuilder AddDirectoryGrpc(this WebApplicationBuilder builder)
    {
        builder.Services.AddGrpc(options =>
        {
            options.MaxReceiveMessageSize = MaxReceiveMessageBytes;
            options.EnableDetailedErrors = false;
            // In this order: the audit interceptor is outermost, so it records every call's final status.
            options.Interceptors.Add<AuditInterceptor>();
            options.Interceptors.Add<ErrorInterceptor>();
        });
        builder.Services.AddRequestParsingGuard();
        builder.Services.AddGrpcReflection();
        builder.Services.AddGrpcHealthChecks(options => options.UseHealthChecksCache = false)
            .AddCheck<DatabaseHealthCheck>("database")
            .AddCheck<AuditWitnessHealthCheck>("audit-witness");
        return builder;
    }

    public static WebApplication MapDirectoryGrpc(this WebApplication app)
    {
        app.UseRefusedCallAudit();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGrpcService<ChildDirectoryService>();
        app.MapGrpcService<RegistrationService>();
        app.MapGrpcService<AuditTrailService>();
        app.MapGrpcService<IndexManagementService>();
        app.MapGrpcHealthChecksService();
        app.MapGrpcReflectionService();
        return app;
    }
}
