using System.Collections.Concurrent;
using System.Diagnostics;
using ChildIndex.Contracts.V1;
using Grpc.Core;

namespace ChildIndex.LoadDriver;

/// <summary>
/// The bulk registration workload: a few RegisterChildren streams, each sending new children and
/// reading one result per child, in order. Each child's latency runs from when it was sent (closed
/// loop: at most <c>window</c> unanswered per stream) or was due (open loop) to its result, which
/// the service sends only once the child's batch is committed with its audit record.
/// </summary>
public static class RegisterStreams
{
    public const string Operation = "register (stream)";

    public static async Task<Recorder> RunAsync(Workloads workloads, Pacing pacing, TimeSpan duration, int streams, int window)
    {
        ArgumentNullException.ThrowIfNull(workloads);
        ArgumentNullException.ThrowIfNull(pacing);
        var start = Stopwatch.GetTimestamp();
        var end = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var period = pacing.Open ? Stopwatch.Frequency * streams / pacing.Rate : 0;
        var recorders = Enumerable.Range(0, streams).Select(_ => new Recorder()).ToArray();
        await Task.WhenAll(recorders.Select(recorder => StreamAsync(workloads, recorder, start, end, period, window)));
        return Recorder.Merge(recorders);
    }

    private static async Task StreamAsync(Workloads workloads, Recorder recorder, long start, long end, double period, int window)
    {
        // The token is checked when the stream opens; a stream here lasts less than its lifetime.
        using var call = workloads.Registration.RegisterChildren(Workloads.Authorised(default, workloads.Agency));
        using var slots = new SemaphoreSlim(window);
        using var broken = new CancellationTokenSource();
        var due = new ConcurrentQueue<long>();
        var receiving = Task.Run(async () =>
        {
            try
            {
                await foreach (var result in call.ResponseStream.ReadAllAsync())
                {
                    due.TryDequeue(out var sentAt);
                    slots.Release();
                    var status = result.ResultCase == RegisterChildrenResult.ResultOneofCase.Error ? (StatusCode)result.Error.Code : StatusCode.OK;
                    recorder.Record(Operation, sentAt, Stopwatch.GetTimestamp(), status);
                }
            }
            catch (RpcException error)
            {
                // The stream broke: every child still unanswered failed with it.
                await broken.CancelAsync();
                while (due.TryDequeue(out var sentAt))
                {
                    recorder.Record(Operation, sentAt, Stopwatch.GetTimestamp(), error.StatusCode);
                }
            }
        });

        try
        {
            for (long n = 0; ; n++)
            {
                var at = period > 0 ? start + (long)(n * period) : Stopwatch.GetTimestamp();
                if (at >= end)
                {
                    break;
                }

                var early = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), at);
                if (early > TimeSpan.FromMilliseconds(1))
                {
                    await Task.Delay(early);
                }

                await slots.WaitAsync(broken.Token);
                // Closed loop: the clock starts when the child can be sent; open loop: when it was due.
                due.Enqueue(period > 0 ? at : Stopwatch.GetTimestamp());
                await call.RequestStream.WriteAsync(workloads.NewChildren.Next());
            }

            await call.RequestStream.CompleteAsync();
        }
        catch (Exception error) when (error is RpcException or OperationCanceledException)
        {
            // The stream broke: the receiver records the failure for every unanswered child.
        }

        await receiving;
    }
}
