using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Grpc.Core;

namespace ChildIndex.LoadDriver;

/// <summary>One measured workload: its operations' statistics and what the server used meanwhile.</summary>
public sealed record WorkloadResult(Measurement Measurement, TimeSpan Duration, Recorder Recorder, ServerUsage? Server, double DriverCpuPercent, string LoadAverage);

/// <summary>The results as a Markdown table, every figure also relative to the health check of the same run.</summary>
public static partial class Report
{
    public static string Markdown(IReadOnlyList<WorkloadResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var health = results.FirstOrDefault(r => r.Measurement.Name == "health" && !r.Measurement.Open);
        var healthStats = health is null ? null : All(health);
        var text = new StringBuilder("""
            | workload | load | calls/s | p50 ms | p90 ms | p99 ms | p99.9 ms | errors | found | vs health: calls/s, p99 | server CPU | server peak RSS | driver CPU | load avg at start |
            |---|---|---:|---:|---:|---:|---:|---|---:|---|---:|---:|---:|---:|

            """);
        foreach (var result in results)
        {
            // Found is a share of the searches alone, also in a row where other calls ran beside them.
            var operations = result.Recorder.Operations;
            var searches = operations.Where(o => IsSearch(o.Key)).Sum(o => o.Value.Calls);
            var rows = new List<(string Name, OperationStats Stats, long SearchCalls, bool Main)> { (result.Measurement.Name, All(result), searches, true) };
            if (operations.Count > 1)
            {
                rows.AddRange(operations.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => ($"&nbsp;&nbsp;{o.Key}", o.Value, IsSearch(o.Key) ? o.Value.Calls : 0, false)));
            }

            foreach (var (name, stats, searchCalls, main) in rows)
            {
                var rate = stats.Calls / result.Duration.TotalSeconds;
                var vsHealth = healthStats is null || healthStats.Calls == 0
                    ? "n/a"
                    : string.Create(CultureInfo.InvariantCulture, $"{rate / (healthStats.Calls / health!.Duration.TotalSeconds):0.00}x, {stats.Millis(99) / Math.Max(healthStats.Millis(99), 0.001):0.0}x");
                var found = searchCalls > 0
                    ? string.Create(CultureInfo.InvariantCulture, $"{100.0 * stats.Found / searchCalls:0}%")
                    : string.Empty;
                var server = main && result.Server is { } s
                    ? string.Create(CultureInfo.InvariantCulture, $"| {s.CpuPercentOfOneCore:0}% | {s.PeakRssBytes / 1048576.0:0} MiB | {result.DriverCpuPercent:0}% | {result.LoadAverage} |")
                    : "| | | | |";
                text.Append(CultureInfo.InvariantCulture,
                    $"| {name} | {(main ? result.Measurement.ToString() : string.Empty)} | {rate:N0} | {stats.Millis(50):0.00} | {stats.Millis(90):0.00} | {stats.Millis(99):0.00} | {stats.Millis(99.9):0.00} | {Errors(stats)} | {found} | {vsHealth} {server}\n");
            }
        }

        return text.ToString();
    }

    private static bool IsSearch(string operation) => operation.Contains("search", StringComparison.Ordinal);

    private static OperationStats All(WorkloadResult result)
    {
        // A bulk stream beside other calls is the load they are measured under: the row is theirs,
        // and the stream's children have a row of their own below it.
        var operations = result.Recorder.Operations;
        var all = new OperationStats();
        foreach (var (name, operation) in operations)
        {
            if (name != RegisterStreams.Operation || operations.Count == 1)
            {
                all.Add(operation);
            }
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
