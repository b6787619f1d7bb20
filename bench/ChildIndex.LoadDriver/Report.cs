using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Grpc.Core;

namespace ChildIndex.LoadDriver;

/// <summary>One measured workload: its operations' statistics and what the server used meanwhile.</summary>
public sealed record WorkloadResult(string Workload, Pacing Pacing, TimeSpan Duration, Recorder Recorder, ServerUsage? Server, double DriverCpuPercent, string LoadAverage);

/// <summary>The results as a Markdown table, every figure also relative to the health check of the same run.</summary>
public static partial class Report
{
    public static string Markdown(IReadOnlyList<WorkloadResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var health = results.FirstOrDefault(r => r.Workload == "health" && !r.Pacing.Open);
        var healthStats = health is null ? null : All(health);
        var text = new StringBuilder("""
            | workload | load | calls/s | p50 ms | p90 ms | p99 ms | p99.9 ms | errors | found | vs health: calls/s, p99 | server CPU | server peak RSS | driver CPU | load avg at start |
            |---|---|---:|---:|---:|---:|---:|---|---:|---|---:|---:|---:|---:|

            """);
        foreach (var result in results)
        {
            var rows = new List<(string Name, OperationStats Stats, bool Main)> { (result.Workload, All(result), true) };
            if (result.Recorder.Operations.Count > 1)
            {
                rows.AddRange(result.Recorder.Operations.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => ($"&nbsp;&nbsp;{o.Key}", o.Value, false)));
            }

            foreach (var (name, stats, main) in rows)
            {
                var rate = stats.Calls / result.Duration.TotalSeconds;
                var vsHealth = healthStats is null || healthStats.Calls == 0
                    ? "n/a"
                    : string.Create(CultureInfo.InvariantCulture, $"{rate / (healthStats.Calls / health!.Duration.TotalSeconds):0.00}x, {stats.Millis(99) / Math.Max(healthStats.Millis(99), 0.001):0.0}x");
                var found = name.Contains("search", StringComparison.Ordinal) || (main && stats.Found > 0)
                    ? string.Create(CultureInfo.InvariantCulture, $"{100.0 * stats.Found / Math.Max(1, stats.Calls):0}%")
                    : string.Empty;
                var server = main && result.Server is { } s
                    ? string.Create(CultureInfo.InvariantCulture, $"| {s.CpuPercentOfOneCore:0}% | {s.PeakRssBytes / 1048576.0:0} MiB | {result.DriverCpuPercent:0}% | {result.LoadAverage} |")
                    : "| | | | |";
                text.Append(CultureInfo.InvariantCulture,
                    $"| {name} | {(main ? result.Pacing.ToString() : string.Empty)} | {rate:N0} | {stats.Millis(50):0.00} | {stats.Millis(90):0.00} | {stats.Millis(99):0.00} | {stats.Millis(99.9):0.00} | {Errors(stats)} | {found} | {vsHealth} {server}\n");
            }
        }

        return text.ToString();
    }

    private static OperationStats All(WorkloadResult result)
    {
        var all = new OperationStats();
        foreach (var operation in result.Recorder.Operations.Values)
        {
            all.Add(operation);
        }

        return all;
    }

    private static string Errors(OperationStats stats)
    {
        var errors = stats.Statuses.Where(s => s.Key != StatusCode.OK).OrderByDescending(s => s.Value).ToList();
        return errors.Count == 0
            ? "0"
            : string.Join(", ", errors.Select(e => string.Create(CultureInfo.InvariantCulture, $"{e.Value:N0} {GrpcName(e.Key)}")));
    }

    /// <summary>DeadlineExceeded as gRPC writes it: DEADLINE_EXCEEDED.</summary>
    private static string GrpcName(StatusCode code) => WordStart().Replace(code.ToString(), "_$1").ToUpperInvariant();

    [GeneratedRegex("(?<=[a-z])([A-Z])")]
    private static partial Regex WordStart();
}
