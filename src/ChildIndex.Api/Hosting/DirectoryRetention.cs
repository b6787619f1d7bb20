using ChildIndex.Api.Auditing;
using ChildIndex.Core.Audit;
using ChildIndex.Core.Merging;
using ChildIndex.Core.Retention;
using ChildIndex.Core.SubjectAccess;

namespace ChildIndex.Api.Hosting;

public static class DirectoryRetention
{
    /// <summary>The retention rules and their daily run, and the index team's other record
    /// management that keeps one child to one record (merges) (RETENTION_INTERVAL_HOURS, default 24; 0
    /// turns the schedule off, leaving RunRetention and `childindex retention run`).</summary>
    public static IServiceCollection AddDirectoryRetention(this IServiceCollection services)
    {
        services.AddScoped<RetentionManagement>();
        services.AddScoped<RetentionJob>();
        services.AddScoped<SubjectAccessReports>();
        services.AddScoped<ChildMerging>();
        services.AddHostedService<RetentionSchedule>();
        return services;
    }
}

/// <summary>
/// Runs the retention rules a few minutes after start-up and then every interval, as the system
/// (its own audit record for each change: actor "childindex-retention"). Several instances may run
/// it at once: each change is conditional on the record's version, so a record is changed once.
/// </summary>
public sealed partial class RetentionSchedule(IServiceScopeFactory scopes, IConfiguration configuration, ServerInstance instance, ILogger<RetentionSchedule> logger)
    : BackgroundService
{
    public const string Actor = "childindex-retention";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var hours = configuration.GetValue("RETENTION_INTERVAL_HOURS", 24.0);
        if (hours <= 0)
        {
            return;
        }

        // Not at start-up itself: migrations, the witness check and the first callers come first.
        var wait = TimeSpan.FromMinutes(5);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(wait, stoppingToken);
                await using var scope = scopes.CreateAsyncScope();
                var audit = scope.ServiceProvider.GetRequiredService<CallAudit>();
                var record = scope.ServiceProvider.GetRequiredService<AuditAppender>().NewRecord("system/RunRetention");
                record.Actor = new Contracts.V1.AuditActor { Subject = Actor };
                record.ServerInstance = instance.Name;
                audit.Begin(record);
                await scope.ServiceProvider.GetRequiredService<RetentionJob>().RunAsync(dryRun: false, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // A failed run (the database away, say) is tried again next time; the service goes on.
            catch (Exception error)
#pragma warning restore CA1031
            {
                LogRunFailed(logger, error);
            }

            wait = TimeSpan.FromHours(hours);
        }
    }

    [LoggerMessage(1121, LogLevel.Error, "The retention run failed; it runs again at the next interval")]
    private static partial void LogRunFailed(ILogger logger, Exception error);
}
