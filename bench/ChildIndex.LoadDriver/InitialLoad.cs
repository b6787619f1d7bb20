using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using ChildIndex.Contracts.V1;
using ChildIndex.SyntheticData;
using Grpc.Core;

namespace ChildIndex.LoadDriver;

/// <summary>What an initial load did.</summary>
public sealed record InitialLoadReport(int Sent, int Registered, int Refused, TimeSpan Elapsed, int Sampled);

/// <summary>
/// The initial load as an agency's first feed would arrive: children 0 to N-1 of the generator, sent
/// through the public RegisterChildren stream by a few concurrent streams, each child validated,
/// matched, stored and audited like any other. The driver's sample (every k-th child, with the index
/// id the service gave it) is written from the answers. Agency-local ids are dropped, as for the
/// register workload: the demo agency may give only its own organisation's.
/// </summary>
public static class InitialLoad
{
    public static async Task<InitialLoadReport> RunAsync(
        Registration.RegistrationClient registration, TokenSource agency, int seed, DateOnly today, int count,
        int streams, int window, string samplePath, int sampleSize, Action<string> progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        var stride = Math.Max(1, count / Math.Max(1, sampleSize));
        var sample = new ConcurrentDictionary<int, string>();
        // Shared by the streams and counted as answers arrive, so the progress line moves during the load.
        var counts = new LoadCounts();
        var clock = Stopwatch.StartNew();
        using var reporting = new Timer(
            _ => progress(string.Create(CultureInfo.InvariantCulture, $"{Volatile.Read(ref counts.Registered):N0} children in {clock.Elapsed.TotalSeconds:F0} s ({Volatile.Read(ref counts.Registered) / clock.Elapsed.TotalSeconds:N0}/s)")),
            null, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30));

        await Task.WhenAll(Enumerable.Range(0, streams).Select(s => Task.Run(async () =>
        {
            var from = (int)((long)count * s / streams);
            var to = (int)((long)count * (s + 1) / streams);
            await StreamAsync(registration, agency, new SyntheticChildren(seed, today), from, to - from, window, stride, sample, counts);
        })));
        var elapsed = clock.Elapsed;

        await using var file = new StreamWriter(samplePath, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        await file.WriteLineAsync("index\tchild_id\tgiven_names\tfamily_name\tdate_of_birth\tpostcode\tshielded");
        foreach (var (index, line) in sample.OrderBy(p => p.Key))
        {
            await file.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{index}\t{line}"));
        }

        return new InitialLoadReport(count, counts.Registered, counts.Refused, elapsed, sample.Count);
    }

    private static async Task StreamAsync(
        Registration.RegistrationClient registration, TokenSource agency, SyntheticChildren generator, int from, int count,
        int window, int stride, ConcurrentDictionary<int, string> sample, LoadCounts counts)
    {
        // The token is checked when the stream opens, so one stream carries the whole share.
        using var call = registration.RegisterChildren(Workloads.Authorised(default, agency));
        using var slots = new SemaphoreSlim(window);
        var sent = new ConcurrentQueue<(int Index, RegisterChildRequest Request)>();
        var receiving = Task.Run(async () =>
        {
            await foreach (var result in call.ResponseStream.ReadAllAsync())
            {
                sent.TryDequeue(out var item);
                slots.Release();
                if (result.ResultCase != RegisterChildrenResult.ResultOneofCase.Registered)
                {
                    Interlocked.Increment(ref counts.Refused);
                    continue;
                }

                Interlocked.Increment(ref counts.Registered);
                if (item.Index % stride == 0)
                {
                    var details = item.Request.Details;
                    var postcode = details.Address?.Postcode ?? string.Empty;
                    sample[item.Index] = string.Create(CultureInfo.InvariantCulture,
                        $"{result.Registered.ChildId.Replace("-", string.Empty, StringComparison.Ordinal)}\t{details.Name.GivenNames}\t{details.Name.FamilyName}\t{details.DateOfBirth.Year:D4}-{details.DateOfBirth.Month:D2}-{details.DateOfBirth.Day:D2}\t{postcode}\t0");
                }
            }
        });

        var index = from;
        foreach (var child in generator.Generate(from, count))
        {
            AgencyIdentifier.Replace(child.Registration);
            await slots.WaitAsync();
            sent.Enqueue((index++, child.Registration));
            await call.RequestStream.WriteAsync(child.Registration);
        }

        await call.RequestStream.CompleteAsync();
        await receiving;
    }

    private sealed class LoadCounts
    {
        public int Registered;
        public int Refused;
    }
}
