using ChildIndex.Identity.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ChildIndex.Identity.Hosting;

/// <summary>Healthy only while the identity store answers a query on the users table: without it no
/// one can sign in, so a missing or unmigrated store reports NOT_SERVING too.</summary>
public sealed class IdentityStoreHealthCheck(IdentityStoreDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await db.Users.AsNoTracking().Select(u => u.Id).FirstOrDefaultAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
#pragma warning disable CA1031 // Any failure to answer means unhealthy; the reason goes to the health log, not the caller.
        catch (Exception error)
#pragma warning restore CA1031
        {
            return HealthCheckResult.Unhealthy("identity store unavailable", error);
        }
    }
}
