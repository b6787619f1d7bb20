using ChildIndex.Core.Audit;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ChildIndex.Api.Hosting;

/// <summary>NOT_SERVING while the trail does not extend what the witness holds (the service is
/// failing closed); degraded, still serving, while the witness cannot be reached (nothing is signed
/// until it can).</summary>
public sealed class AuditWitnessHealthCheck(AuditWitnessing witnessing) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        // Not serving until the start-up check has said whether the trail can be trusted.
        if (!witnessing.Started.IsCompleted)
        {
            try
            {
                await witnessing.Started.WaitAsync(TimeSpan.FromSeconds(2), cancellationToken);
            }
            catch (TimeoutException)
            {
                return HealthCheckResult.Unhealthy("the audit trail's start-up check has not finished");
            }
        }

        return witnessing.Compromised is not null
            ? HealthCheckResult.Unhealthy("the audit trail does not extend the witnessed checkpoint")
            : witnessing.Unreachable is not null
                ? HealthCheckResult.Degraded("the audit witness cannot be reached: checkpoints wait")
                : HealthCheckResult.Healthy();
    }
}
