using System.Globalization;

namespace ChildIndex.LoadDriver;

/// <summary>CPU time and memory of the directory's process during one workload.</summary>
public sealed record ServerUsage(double CpuSeconds, double CpuPercentOfOneCore, long PeakRssBytes, long HighWaterMarkBytes);

/// <summary>
/// Reads the directory process's CPU time (utime + stime from /proc/PID/stat, in clock ticks) and
/// memory (VmRSS sampled every 100 ms for the workload's peak; VmHWM, the peak since it started)
/// from /proc: no agent in the server, nothing that changes what is measured.
/// </summary>
public sealed class ServerProbe(int pid, int clockTicksPerSecond)
{
    public async Task<ServerUsage> MeasureAsync(Func<Task> workload)
    {
        ArgumentNullException.ThrowIfNull(workload);
        var cpuBefore = CpuTicks();
        var started = DateTime.UtcNow;
        long peak = 0;
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                peak = Math.Max(peak, StatusKib("VmRSS") * 1024);
                await Task.Delay(100, CancellationToken.None);
            }
        });
        try
        {
            await workload();
        }
        finally
        {
            await stop.CancelAsync();
            await sampler;
        }

        var cpu = (CpuTicks() - cpuBefore) / (double)clockTicksPerSecond;
        var wall = (DateTime.UtcNow - started).TotalSeconds;
        return new ServerUsage(cpu, 100 * cpu / wall, peak, StatusKib("VmHWM") * 1024);
    }

    private long CpuTicks()
    {
        // The command name (field 2) is in parentheses and may hold spaces: count from after it.
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // Fields 14 and 15 of the line (utime, stime) are the 12th and 13th after the name.
        return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
    }

    private long StatusKib(string field)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
            {
                return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }
}
