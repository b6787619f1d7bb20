using System.Threading.RateLimiting;
using ChildIndex.Core.Lookup;
using ChildIndex.Core.Matching;

namespace ChildIndex.Api.Hosting;

public static class DirectorySearch
{
    public const int DefaultRateLimitPerMinute = 60;

    /// <summary>Name search and its rate limit, SEARCH_RATE_LIMIT_PER_MINUTE (per user, default 60);
    /// its date tolerance is shared with the duplicate check (<see cref="DirectoryMatching"/>).</summary>
    public static IServiceCollection AddDirectorySearch(this IServiceCollection services)
    {
        services.AddSingleton<ISearchRateLimiter>(provider =>
        {
            var perMinute = provider.GetRequiredService<IConfiguration>().GetValue("SEARCH_RATE_LIMIT_PER_MINUTE", DefaultRateLimitPerMinute);
            return perMinute >= 1
                ? new PerUserSearchRateLimiter(perMinute)
                : throw new InvalidOperationException("SEARCH_RATE_LIMIT_PER_MINUTE must be at least 1");
        });
        services.AddScoped<ChildSearch>();
        return services;
    }
}

/// <summary>
/// Searches a minute per user (the access token's subject), in this process's memory: several
/// directory instances behind a load balancer each allow the limit, and a restart forgets it.
/// A sliding window, so that a burst across a minute's edge cannot reach twice the limit.
/// </summary>
public sealed class PerUserSearchRateLimiter(int perMinute) : ISearchRateLimiter, IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(subject =>
        RateLimitPartition.GetSlidingWindowLimiter(subject, _ => new SlidingWindowRateLimiterOptions
        {
            PermitLimit = perMinute,
            Window = TimeSpan.FromMinutes(1),
            SegmentsPerWindow = 6,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    public int PerMinute => perMinute;

    public bool TryAcquire(string subject)
    {
        using var lease = _limiter.AttemptAcquire(subject);
        return lease.IsAcquired;
    }

    public void Dispose() => _limiter.Dispose();
}
