using System.Collections.Concurrent;
using System.Globalization;

namespace ChildIndex.Identity.Hosting;

/// <summary>
/// Counts failed sign-ins (wrong password or code, wrong client secret, a refused grant) per client
/// address over a sliding window. An address over the limit must wait before it may try again, even
/// with the right answer, so guessing across many accounts is stopped; successful sign-ins and
/// refreshes never count, so people working normally behind one address are not.
/// </summary>
public sealed class FailedSignInGuard(int limit, TimeSpan window, TimeProvider time)
{
    private const int PruneAbove = 10_000;

    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _failures = new(StringComparer.Ordinal);

    public int Limit => limit;

    public void RecordFailure(string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var now = time.GetUtcNow();
        var failures = _failures.GetOrAdd(address, _ => new Queue<DateTimeOffset>());
        lock (failures)
        {
            Expire(failures, now);
            failures.Enqueue(now);
            // Only the newest matter: a flood of failures from one address costs no more memory.
            while (failures.Count > limit + 1)
            {
                failures.Dequeue();
            }
        }

        if (_failures.Count > PruneAbove)
        {
            Prune(now);
        }
    }

    /// <summary>How long <paramref name="address"/> must wait, or null when it may try now.</summary>
    public TimeSpan? RetryAfter(string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (!_failures.TryGetValue(address, out var failures))
        {
            return null;
        }

        var now = time.GetUtcNow();
        lock (failures)
        {
            Expire(failures, now);
            if (failures.Count < limit)
            {
                return null;
            }

            // Free again when enough of the oldest failures have left the window.
            var freeAt = failures.ElementAt(failures.Count - limit) + window;
            return freeAt - now;
        }
    }

    /// <summary>Whole seconds, rounded up, as the Retry-After header wants them.</summary>
    public static string Seconds(TimeSpan wait) =>
        Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    private void Expire(Queue<DateTimeOffset> failures, DateTimeOffset now)
    {
        while (failures.Count > 0 && failures.Peek() + window <= now)
        {
            failures.Dequeue();
        }
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var (address, failures) in _failures)
        {
            bool empty;
            lock (failures)
            {
                Expire(failures, now);
                empty = failures.Count == 0;
            }

            if (empty)
            {
                _failures.TryRemove(new KeyValuePair<string, Queue<DateTimeOffset>>(address, failures));
            }
        }
    }
}
