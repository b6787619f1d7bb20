using System.Globalization;
using System.Text;

namespace ChildIndex.LoadDriver;

/// <summary>One minute of a soak: what the calls and the server did in it.</summary>
public sealed record SoakMinute(int Minute, OperationStats Calls, ServerUsage? Server, string LoadAverage);

/// <summary>
/// The soak: the mixed workload (searches, look-ups and registrations together) open loop at a
/// fixed rate for many minutes, measured minute by minute, so that what only time shows (memory
/// that grows, latency that drifts, errors that start after a while) shows as a trend, not an average.
/// </summary>
public static class Soak
{
    public static async Task<IReadOnlyList<SoakMinute>> RunAsync(Func<TimeSpan, Task<Recorder>> minute, ServerProbe? probe, int minutes, Action<string> progress)
    {
        ArgumentNullException.ThrowIfNull(minute);
        ArgumentNullException.ThrowIfNull(progress);
        var length = TimeSpan.FromMinutes(1);
        var results = new List<SoakMinute>();
        for (var m = 1; m <= minutes; m++)
        {
            var loadAverage = File.ReadAllText("/proc/loadavg").Split(' ')[0];
            Recorder recorder = null!;
            var server = probe is null ? null : await probe.MeasureAsync(async () => recorder = await minute(length));
            if (probe is null)
            {
                recorder = await minute(length);
            }

            var all = new OperationStats();
            foreach (var operation in recorder.Operations.Values)
            {
                all.Add(operation);
            }

            results.Add(new SoakMinute(m, all, server, loadAverage));
            progress(Row(results[^1], length));
        }

        return results;
    }

    public static string Markdown(IReadOnlyList<SoakMinute> minutes, double rate)
    {
        ArgumentNullException.ThrowIfNull(minutes);
        var length = TimeSpan.FromMinutes(1);
        var text = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"""
            Soak: the mix (60% SearchChildren, 35% GetChild, 5% RegisterChild) open loop at **{rate:0} calls/s for {minutes.Count} minutes**, measured minute by minute (latency from when each call was due):

            | minute | calls/s | p50 ms | p99 ms | max ms | errors | server CPU | server peak RSS | load avg at start |
            |---:|---:|---:|---:|---:|---|---:|---:|---:|

            """));
        foreach (var minute in minutes)
        {
            text.Append(Row(minute, length)).Append('\n');
        }

        var calls = minutes.Sum(m => m.Calls.Calls);
        var errors = minutes.Sum(m => m.Calls.Errors);
        text.Append(CultureInfo.InvariantCulture, $"\n**{errors:N0} errors in {calls:N0} calls.**");
        // The first minute holds start-up (JIT, caches, pools filling): flatness is judged after it.
        var settled = minutes.Skip(1).Where(m => m.Server is not null).Select(m => m.Server!.PeakRssBytes / 1048576.0).ToList();
        if (settled.Count > 1)
        {
            text.Append(CultureInfo.InvariantCulture,
                $" Server peak RSS from minute 2 on: {settled.Min():0} to {settled.Max():0} MiB ({100 * (settled.Max() - settled.Min()) / settled.Min():0.0}% spread); last minute {100 * (settled[^1] - settled[0]) / settled[0]:+0.0;-0.0}% on minute 2.");
        }

        var p99 = minutes.Skip(1).Select(m => m.Calls.Millis(99)).ToList();
        if (p99.Count > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $" p99 per minute from minute 2 on: {p99.Min():0.0} to {p99.Max():0.0} ms.");
        }

        return text.Append("\n\n").ToString();
    }

    private static string Row(SoakMinute minute, TimeSpan length)
    {
        var stats = minute.Calls;
        var server = minute.Server is { } s
            ? string.Create(CultureInfo.InvariantCulture, $"{s.CpuPercentOfOneCore:0}% | {s.PeakRssBytes / 1048576.0:0} MiB")
            : " | ";
        var errors = stats.Errors == 0
            ? "0"
            : string.Join(", ", stats.Statuses.Where(e => e.Key != Grpc.Core.StatusCode.OK).Select(e => string.Create(CultureInfo.InvariantCulture, $"{e.Value:N0} {e.Key}")));
        return string.Create(CultureInfo.InvariantCulture,
            $"| {minute.Minute} | {stats.Calls / length.TotalSeconds:N0} | {stats.Millis(50):0.00} | {stats.Millis(99):0.00} | {stats.Millis(100):0} | {errors} | {server} | {minute.LoadAverage} |");
    }
}
