using System.Diagnostics;
using Grpc.Core;
using HdrHistogram;

namespace ChildIndex.LoadDriver;

/// <summary>What one operation of a workload measured: latencies of every call (errors included:
/// a fast error must not look like a fast answer, so they are counted apart as well), and how many
/// calls ended in each status, and for searches how many found the child they looked for.</summary>
public sealed class OperationStats
{
    /// <summary>Microseconds; anything over a minute is recorded as a minute.</summary>
    private const long Highest = 60_000_000;

    public LongHistogram Latency { get; } = new(Highest, 3);

    public Dictionary<StatusCode, long> Statuses { get; } = [];

    /// <summary>Searches only: calls whose results held the child searched for.</summary>
    public long Found { get; set; }

    public long Calls => Latency.TotalCount;

    public long Errors => Statuses.Where(s => s.Key != StatusCode.OK).Sum(s => s.Value);

    public void Record(long startTimestamp, long endTimestamp, StatusCode status, bool found)
    {
        var micros = (long)Stopwatch.GetElapsedTime(startTimestamp, endTimestamp).TotalMicroseconds;
        Latency.RecordValue(Math.Clamp(micros, 0, Highest));
        Statuses[status] = Statuses.GetValueOrDefault(status) + 1;
        if (found)
        {
            Found++;
        }
    }

    public void Add(OperationStats other)
    {
        ArgumentNullException.ThrowIfNull(other);
        Latency.Add(other.Latency);
        foreach (var (status, count) in other.Statuses)
        {
            Statuses[status] = Statuses.GetValueOrDefault(status) + count;
        }

        Found += other.Found;
    }

    public double Millis(double percentile) => Latency.TotalCount == 0 ? 0 : Latency.GetValueAtPercentile(percentile) / 1000.0;
}

/// <summary>One worker's measurements, by operation: no locks on the hot path, merged at the end.</summary>
public sealed class Recorder
{
    public Dictionary<string, OperationStats> Operations { get; } = new(StringComparer.Ordinal);

    public void Record(string operation, long start, long end, StatusCode status, bool found = false)
    {
        if (!Operations.TryGetValue(operation, out var stats))
        {
            Operations[operation] = stats = new OperationStats();
        }

        stats.Record(start, end, status, found);
    }

    public static Recorder Merge(IEnumerable<Recorder> recorders)
    {
        ArgumentNullException.ThrowIfNull(recorders);
        var merged = new Recorder();
        foreach (var recorder in recorders)
        {
            foreach (var (name, stats) in recorder.Operations)
            {
                if (!merged.Operations.TryGetValue(name, out var into))
                {
                    merged.Operations[name] = into = new OperationStats();
                }

                into.Add(stats);
            }
        }

        return merged;
    }
}
