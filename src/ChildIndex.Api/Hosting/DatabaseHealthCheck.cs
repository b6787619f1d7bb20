using ChildIndex.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ChildIndex.Api.Hosting;

/// <summary>Healthy only while the database answers a query on the children table, so a missing or
/// unmigrated database reports NOT_SERVING too.</summary>
public sealed class DatabaseHealthCheck(ChildIndexDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await db.Children.AsNoTracking().Select(c => c.Id).FirstOrDefaultAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
#pragma warning disable CA1031 // Any failure to answer means unhealthy; the reason goes to the health log, not the caller.
        catch (Exception error)
#pragma warning restore CA1031
        {
            return HealthCheckResult.Unhealthy("database unavailable", error);
        }
    }
}
