using System.Diagnostics;
using System.Globalization;
using ChildIndex.Bench.Options;
using ChildIndex.LoadDriver;
using Grpc.Net.Client;

// The load driver (bench/run.sh runs it; see docs/benchmarks.md):
//   --directory http://127.0.0.1:PORT --identity http://127.0.0.1:PORT --sample FILE --register-from N
//   [--workloads health,get,search,register,mix] [--duration S] [--warmup S] [--concurrency C]
//   [--open get=5000,search=1000] [--open-together get=2000,search=200] [--during-load get=2000,search=200]
//   [--streams S] [--window W] [--seed S] [--today YYYY-MM-DD]
//   [--server-pid PID] [--clock-ticks HZ] [--deadline S] [--markdown FILE]
//   [--soak MINUTES [--soak-rate R] [--soak-markdown FILE]]   (after the workloads: the mix open loop at R/s, minute by minute)
// --open runs each rate alone, one after the other; --open-together runs them all at once over one
// window (one row, "get+search"); --during-load runs them while the register workload's closed-loop
// streams (--streams) register children ("reads during registration").
// or, for the initial load through the public RegisterChildren stream (writes the sample):
//   --directory URL --identity URL --initial-load N --sample FILE [--sample-size K] [--streams S] [--window W]
//   [--seed S] [--today YYYY-MM-DD] [--markdown FILE]
var commandLine = new CommandLine(args);
try
{
    var directory = Loopback(commandLine.RequiredText("directory"));
    var identity = Loopback(commandLine.RequiredText("identity"));
    var samplePath = commandLine.RequiredText("sample");
    var initialLoad = commandLine.Count("initial-load", 0);
    var sampleSize = commandLine.Count("sample-size", 20_000);
    var registerFrom = commandLine.Count("register-from", -1);
    var workloadNames = (commandLine.Text("workloads") ?? "health,get,search,register,mix").Split(',', StringSplitOptions.RemoveEmptyEntries);
    var duration = TimeSpan.FromSeconds(commandLine.Number("duration", 20));
    var warmup = TimeSpan.FromSeconds(commandLine.Number("warmup", 5));
    var concurrency = commandLine.Count("concurrency", 32);
    var openRates = Rates(commandLine.Text("open"));
    var together = Rates(commandLine.Text("open-together"));
    var duringLoad = Rates(commandLine.Text("during-load"));
    var streams = commandLine.Count("streams", 2);
    var window = commandLine.Count("window", 256);
    var seed = commandLine.Count("seed", 20261125);
    var today = commandLine.Text("today") is { } day ? DateOnly.ParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture) : DateOnly.FromDateTime(DateTime.UtcNow);
    var serverPid = commandLine.Count("server-pid", 0);
    var clockTicks = commandLine.Count("clock-ticks", 100);
    var deadline = TimeSpan.FromSeconds(commandLine.Number("deadline", 10));
    var markdownFile = commandLine.Text("markdown");
    var soakMinutes = commandLine.Count("soak", 0);
    var soakRate = commandLine.Number("soak-rate", 500);
    var soakMarkdown = commandLine.Text("soak-markdown") ?? markdownFile;
    var user = commandLine.Text("user") ?? "pat.practitioner";
    var password = commandLine.Text("password") ?? "childindex-demo";
    var totpSecret = commandLine.Text("totp-secret") ?? TokenSource.DemoTotpSecret(user);
    var agencyClient = commandLine.Text("agency-client") ?? "demo-school-mis";
    var agencySecret = commandLine.Text("agency-secret") ?? "demo-school-mis-secret";
    commandLine.RefuseUnknown();
    if (initialLoad == 0 && registerFrom < 0 && (workloadNames.Any(w => w is "register" or "mix") || duringLoad.Count > 0))
    {
        throw new ArgumentException("--register-from is required for register, mix and --during-load: the number of children loaded, so that new ones are new");
    }

    await using var practitioner = await TokenSource.PractitionerAsync(identity, user, password, totpSecret, CancellationToken.None);
    await using var agency = await TokenSource.AgencyAsync(identity, agencyClient, agencySecret, CancellationToken.None);
    Console.Error.WriteLine($"signed in as {user} (device flow) and as agency client {agencyClient} (client credentials)");

    using var channel = GrpcChannel.ForAddress(directory, new GrpcChannelOptions
    {
        // Kestrel allows 100 streams per HTTP/2 connection: more in flight need more connections.
        HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true, PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan },
    });
    if (initialLoad > 0)
    {
        return await InitialLoadAsync(new ChildIndex.Contracts.V1.Registration.RegistrationClient(channel), agency);
    }

    var sample = SampleChild.Read(samplePath);
    var newChildren = new NewChildren(seed, today, Math.Max(registerFrom, 0));
    var workloads = new Workloads(channel, sample, practitioner, agency, newChildren, deadline);
    var probe = serverPid > 0 ? new ServerProbe(serverPid, clockTicks) : null;

    var plan = workloadNames.Select(w => new Measurement(w, Closed(w)))
        .Concat(openRates.Select(o => new Measurement(o.Workload, Open(o))))
        .ToList();
    if (together.Count > 0)
    {
        plan.Add(new Measurement(string.Join('+', together.Select(o => o.Workload)), [.. together.Select(o => (o.Workload, Open(o)))]));
    }

    if (duringLoad.Count > 0)
    {
        plan.Add(new Measurement("reads during registration", [("register", Closed("register")), .. duringLoad.Select(o => (o.Workload, Open(o)))]));
    }

    var results = new List<WorkloadResult>();
    foreach (var measurement in plan)
    {
        Console.Error.WriteLine($"{measurement.Name} ({measurement}): warm-up {warmup.TotalSeconds:0} s, then {duration.TotalSeconds:0} s measured");
        await MeasureAsync(measurement, warmup);
        // Other work on this shared machine shows in the 1-minute load average: recorded per workload.
        var loadAverage = File.ReadAllText("/proc/loadavg").Split(' ')[0];
        var driverCpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        Recorder recorder = null!;
        var server = probe is null
            ? null
            : await probe.MeasureAsync(async () => recorder = await MeasureAsync(measurement, duration));
        if (probe is null)
        {
            recorder = await MeasureAsync(measurement, duration);
        }

        var driverPercent = 100 * (Process.GetCurrentProcess().TotalProcessorTime - driverCpu).TotalSeconds / clock.Elapsed.TotalSeconds;
        results.Add(new WorkloadResult(measurement, duration, recorder, server, driverPercent, loadAverage));
        Console.Error.WriteLine(Report.Markdown([results[^1]]).Split('\n')[2]);
    }

    if (soakMinutes > 0)
    {
        var pacing = new Pacing(soakRate, Math.Max(concurrency, 512));
        Console.Error.WriteLine($"soak: mix ({pacing}) for {soakMinutes} minutes");
        var minutes = await Soak.RunAsync(length => RunAsync("mix", pacing, length, seed), probe, soakMinutes, Console.Error.WriteLine);
        var soak = Soak.Markdown(minutes, soakRate);
        if (soakMarkdown is not null)
        {
            await File.AppendAllTextAsync(soakMarkdown, soak);
        }

        Console.WriteLine(soak);
    }

    var markdown = Report.Markdown(results) + string.Create(CultureInfo.InvariantCulture,
        $"\n{newChildren.Issued:N0} new children sent for registration; the practitioner's token was refreshed {practitioner.Renewals} times and the agency's renewed {agency.Renewals} times during the run.\n\n");
    if (markdownFile is not null)
    {
        await File.AppendAllTextAsync(markdownFile, markdown);
    }

    Console.WriteLine(markdown);
    return results.Any(r => r.Recorder.Operations.Values.Sum(o => o.Calls) == 0) ? 1 : 0;

    async Task<int> InitialLoadAsync(ChildIndex.Contracts.V1.Registration.RegistrationClient registration, TokenSource agencyToken)
    {
        var loadAverage = File.ReadAllText("/proc/loadavg").Split(' ')[0];
        var driverCpu = Process.GetCurrentProcess().TotalProcessorTime;
        var report = await InitialLoad.RunAsync(registration, agencyToken, seed, today, initialLoad, streams, window, samplePath, sampleSize,
            line => Console.Error.WriteLine($"load: {line}"));
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - driverCpu).TotalSeconds;
        var load = string.Create(CultureInfo.InvariantCulture, $"""
            Load through the public RegisterChildren stream ({streams} streams of up to {window} unanswered children, as agency client {agencyClient}), seed {seed}, date {today:yyyy-MM-dd}, load average {loadAverage} at its start: {report.Sent:N0} children,
            **{report.Elapsed.TotalSeconds:F1} s, {report.Registered / report.Elapsed.TotalSeconds:N0} children/s**, {report.Refused:N0} refused; each child durable and audited before its answer. The driver used {cpu:F1} s of CPU generating and sending them.
            {report.Sampled:N0} children written to the driver's sample.


            """);
        if (markdownFile is not null)
        {
            await File.AppendAllTextAsync(markdownFile, load);
        }

        Console.WriteLine(load);
        return report.Registered == report.Sent ? 0 : 1;
    }

    Pacing Closed(string workload) => new(0, workload == "register" ? streams : concurrency);

    Pacing Open((string Workload, double Rate) open) => new(open.Rate, open.Workload == "register" ? streams : Math.Max(concurrency, 512));

    // Parts seeded apart: the same draws would have one part read what another had just brought into a cache.
    async Task<Recorder> MeasureAsync(Measurement measurement, TimeSpan length) =>
        Recorder.Merge(await Task.WhenAll(measurement.Parts.Select((part, i) => RunAsync(part.Workload, part.Pacing, length, seed + i))));

    Task<Recorder> RunAsync(string workload, Pacing pacing, TimeSpan length, int partSeed) => workload == "register"
        ? RegisterStreams.RunAsync(workloads, pacing, length, pacing.Concurrency, window)
        : LoadLoop.RunAsync((random, recorder, due) => workloads.CallAsync(workload, random, recorder, due), pacing, length, partSeed);
}
catch (ArgumentException error)
{
    await Console.Error.WriteLineAsync($"error: {error.Message}");
    return 2;
}

// "get=2000,search=200": workloads and their open-loop rates, calls per second.
static List<(string Workload, double Rate)> Rates(string? text) => (text ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries)
    .Select(pair => pair.Split('='))
    .Select(pair => (Workload: pair[0], Rate: double.Parse(pair[1], CultureInfo.InvariantCulture)))
    .ToList();

// The driver loads this machine's own servers and nothing else: any other target is refused.
static Uri Loopback(string address)
{
    var uri = new Uri(address);
    return uri.Host == "127.0.0.1"
        ? uri
        : throw new ArgumentException($"refusing to send load to {uri.Host}: the benchmark targets 127.0.0.1 only");
}
