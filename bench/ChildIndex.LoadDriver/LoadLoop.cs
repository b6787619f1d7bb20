using System.Diagnostics;

namespace ChildIndex.LoadDriver;

/// <summary>How calls are paced: a fixed number in flight (closed loop), or a fixed rate.</summary>
/// <param name="Rate">Calls per second (open loop); 0 for a closed loop.</param>
/// <param name="Concurrency">Calls in flight (closed loop), or the most in flight before the
/// schedule falls behind (open loop).</param>
public sealed record Pacing(double Rate, int Concurrency)
{
    public bool Open => Rate > 0;

    public override string ToString() => Open ? $"open {Rate:0}/s" : $"closed x{Concurrency}";
}

/// <summary>
/// Runs one unary workload for a fixed time. Closed loop: each worker calls again as soon as its
/// call returns, latency measured from the call's start. Open loop: call n is due at t0 + n/rate
/// whatever happens to earlier calls, and its latency is measured from that intended start, so a
/// server stall shows in full in the percentiles instead of slowing the load down with it
/// (coordinated omission). If every worker is busy, calls start late and that lateness counts.
/// </summary>
public static class LoadLoop
{
    public static async Task<Recorder> RunAsync(Func<Random, Recorder, long, Task> call, Pacing pacing, TimeSpan duration, int seed)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(pacing);
        var start = Stopwatch.GetTimestamp();
        var end = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var period = pacing.Open ? Stopwatch.Frequency / pacing.Rate : 0;
        long issued = -1;
        var recorders = Enumerable.Range(0, pacing.Concurrency).Select(_ => new Recorder()).ToArray();
        var workers = recorders.Select((recorder, worker) => Task.Run(async () =>
        {
            var random = new Random(HashCode.Combine(seed, worker));
            while (true)
            {
                long due;
                if (pacing.Open)
                {
                    due = start + (long)(Interlocked.Increment(ref issued) * period);
                    if (due >= end)
                    {
                        return;
                    }

                    var early = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
                    if (early > TimeSpan.FromMilliseconds(1))
                    {
                        await Task.Delay(early);
                    }
                }
                else
                {
                    due = Stopwatch.GetTimestamp();
                    if (due >= end)
                    {
                        return;
                    }
                }

                await call(random, recorder, due);
            }
        }));
        await Task.WhenAll(workers);
        return Recorder.Merge(recorders);
    }
}
