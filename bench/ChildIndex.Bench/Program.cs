using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ChildIndex.Bench.Loading;
using ChildIndex.Bench.Matching;
using ChildIndex.Bench.Measuring;
using ChildIndex.Bench.Options;
using ChildIndex.Common.Storage;
using ChildIndex.Core.Audit;
using ChildIndex.Core.Matching;
using ChildIndex.Core.Storage;

// bench/run.sh drives this; each command appends its findings, as Markdown, to --markdown.
//   load          --provider P --connection CS --count N [--seed S] [--today YYYY-MM-DD] [--batch B] --sample FILE [--sample-size K] [--dry-run]
//   sizes         --provider P --connection CS --children N
//   verify-audit  [--provider P --connection CS --public-key PEM [--page-size K]] [--synthetic N [--checkpoint-every C]]
//   write-audit-trail --provider P --connection CS --count N [--checkpoint-every C] --public-key PEM (written)
//   estimate-match-weights --out FILE [--count N] [--seed S] [--pairs P] [--today YYYY-MM-DD] (not run by run.sh:
//                 writes src/ChildIndex.Core/Matching/Data/match-weights.json; docs/decisions/0014-probabilistic-matching.md)
var commandLine = new CommandLine(args);
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

try
{
    var markdown = new StringBuilder();
    switch (commandLine.Command)
    {
        case "load":
            await LoadAsync(commandLine, markdown, cancel.Token);
            break;
        case "sizes":
            await SizesAsync(commandLine, markdown, cancel.Token);
            break;
        case "verify-audit":
            await VerifyAuditAsync(commandLine, markdown, cancel.Token);
            break;
        case "write-audit-trail":
            await WriteAuditTrailAsync(commandLine, cancel.Token);
            break;
        case "estimate-match-weights":
            await EstimateMatchWeightsAsync(commandLine, markdown, cancel.Token);
            break;
        default:
            await Console.Error.WriteLineAsync("usage: ChildIndex.Bench load | sizes | verify-audit [options] (see Program.cs)");
            return 2;
    }

    if (commandLine.Text("markdown") is { } file)
    {
        await File.AppendAllTextAsync(file, markdown.ToString(), cancel.Token);
    }

    Console.Write(markdown);
    return 0;
}
catch (ArgumentException error)
{
    await Console.Error.WriteLineAsync($"error: {error.Message}");
    return 2;
}

static async Task EstimateMatchWeightsAsync(CommandLine commandLine, StringBuilder markdown, CancellationToken cancellationToken)
{
    var output = commandLine.RequiredText("out");
    var count = commandLine.Count("count", 20_000);
    var seed = commandLine.Count("seed", 20261207);
    var pairs = commandLine.Count("pairs", 2_000_000);
    var today = commandLine.Text("today") is { } day ? DateOnly.ParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture) : DateOnly.FromDateTime(DateTime.UtcNow);
    _ = commandLine.Text("markdown");
    commandLine.RefuseUnknown();

    var weights = new MatchWeightEstimator(seed, count, pairs, today).Estimate();
    await File.WriteAllTextAsync(output, JsonSerializer.Serialize(weights, MatchWeightsFile.Json) + "\n", cancellationToken);
    markdown.Append(CultureInfo.InvariantCulture, $"Match weights {weights.Version} written to {output}: {weights.Source}.\n");
}

static DatabaseSettings Database(CommandLine commandLine) => new(
    Enum.Parse<DatabaseProvider>(commandLine.RequiredText("provider"), ignoreCase: true),
    commandLine.RequiredText("connection"));

static async Task LoadAsync(CommandLine commandLine, StringBuilder markdown, CancellationToken cancellationToken)
{
    var database = Database(commandLine);
    var count = commandLine.Count("count", 10_000);
    var seed = commandLine.Count("seed", 20261125);
    var today = commandLine.Text("today") is { } day ? DateOnly.ParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture) : DateOnly.FromDateTime(DateTime.UtcNow);
    var batch = commandLine.Count("batch", 1000);
    var samplePath = commandLine.RequiredText("sample");
    var sampleSize = commandLine.Count("sample-size", 20_000);
    var dryRun = commandLine.Flag("dry-run");
    _ = commandLine.Text("markdown");
    commandLine.RefuseUnknown();

    await using var sampleFile = new StreamWriter(samplePath, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
    var sample = new SampleWriter(sampleFile, count, sampleSize);
    sample.WriteHeader();
    var loader = new BulkLoader(database, seed, today, batch, dryRun);
    var cpuBefore = Environment.CpuUsage.TotalTime;
    var report = await loader.LoadAsync(count, sample, line => Console.Error.WriteLine($"load: {line}"), cancellationToken);
    var cpu = (Environment.CpuUsage.TotalTime - cpuBefore).TotalSeconds;
    var rate = report.Children / report.Load.TotalSeconds;
    markdown.Append(CultureInfo.InvariantCulture, $"""
        Load{(dryRun ? " (dry run: nothing written)" : string.Empty)}: {report.Children:N0} children ({report.Rows:N0} rows: children, search keys, carers, other names, local ids, involvements), seed {seed}, date {today:yyyy-MM-dd}, batches of {batch:N0}:
        **{report.Load.TotalSeconds:F1} s, {rate:N0} children/s, {report.Rows / report.Load.TotalSeconds:N0} rows/s** (migration {report.Migrate.TotalSeconds:F1} s before, {(database.Provider == DatabaseProvider.PostgreSql ? "ANALYZE" : "WAL checkpoint")} and row counts {report.Finish.TotalSeconds:F1} s after).
        Generating, validating and building keys kept one thread busy {report.ProducerBusy.TotalSeconds:F1} s; EF Core and the database took {report.WriterBusy.TotalSeconds:F1} s.
        The loader process used {cpu:F1} s of CPU ({1000 * cpu / report.Children:F2} ms per child), a figure less disturbed by other work on the machine than the elapsed time.
        {sample.Written:N0} children written to the driver's sample.


        """);
}

static async Task SizesAsync(CommandLine commandLine, StringBuilder markdown, CancellationToken cancellationToken)
{
    var database = Database(commandLine);
    var children = commandLine.Count("children", 0);
    _ = commandLine.Text("markdown");
    commandLine.RefuseUnknown();

    await using var db = new ChildIndexDbContext(database.ContextOptions<ChildIndexDbContext>());
    var (tables, databaseBytes) = await DatabaseSizes.MeasureAsync(db, database.Provider, cancellationToken);
    const double national = 11_000_000;
    // Scale by the children there now: the loaded ones plus those the register workloads added.
    var stored = tables.FirstOrDefault(t => t.Table == "Children")?.Rows ?? children;
    var scale = national / Math.Max(1, stored);
    // Tables that grow with children are projected; the audit trail and idempotency records grow
    // with calls and writes, so their size here says only what this run's calls cost.
    static bool GrowsWithChildren(string table) => table is "Children" or "SearchKeys" or "Carers" or "OtherNames" or "LocalIdentifiers" or "Involvements";
    markdown.Append(CultureInfo.InvariantCulture, $"""
        Sizes on disk after the run ({MiB(databaseBytes)} in all), and projected to 11 million children (x{scale:N1}, linear):

        | table | rows | data | indexes | data at 11M | indexes at 11M |
        |---|---:|---:|---:|---:|---:|

        """);
    long projectedData = 0, projectedIndex = 0;
    foreach (var table in tables)
    {
        var grows = GrowsWithChildren(table.Table);
        if (grows)
        {
            projectedData += (long)(table.DataBytes * scale);
            projectedIndex += (long)(table.IndexBytes * scale);
        }

        markdown.Append(CultureInfo.InvariantCulture,
            $"| {table.Table} | {table.Rows:N0} | {MiB(table.DataBytes)} | {MiB(table.IndexBytes)} | {(grows ? MiB((long)(table.DataBytes * scale)) : "with calls")} | {(grows ? MiB((long)(table.IndexBytes * scale)) : "with calls")} |\n");
    }

    markdown.Append(CultureInfo.InvariantCulture, $"""
        | **children's tables at 11M** | | | | **{GiB(projectedData)}** | **{GiB(projectedIndex)}** |


        """);
}

static async Task VerifyAuditAsync(CommandLine commandLine, StringBuilder markdown, CancellationToken cancellationToken)
{
    var timings = new List<VerificationTiming>();
    if (commandLine.Text("provider") is not null)
    {
        var database = Database(commandLine);
        using var publicKey = ECDsa.Create();
        publicKey.ImportFromPem(await File.ReadAllTextAsync(commandLine.RequiredText("public-key"), cancellationToken));
        await using var db = new ChildIndexDbContext(database.ContextOptions<ChildIndexDbContext>());
        timings.Add(await AuditVerificationBench.FromDatabaseAsync(db, publicKey, commandLine.Count("page-size", AuditVerification.DefaultPageSize), cancellationToken));
    }

    if (commandLine.Text("synthetic") is not null)
    {
        timings.Add(AuditVerificationBench.Synthetic(commandLine.Count("synthetic", 1_000_000), commandLine.Count("checkpoint-every", 256)));
    }

    _ = commandLine.Text("markdown");
    commandLine.RefuseUnknown();
    markdown.Append("""
        | trail | records | signed checkpoints | read or build | verify | records/s | intact | peak RSS | records per CPU second |
        |---|---:|---:|---:|---:|---:|---|---:|---:|

        """);
    foreach (var t in timings)
    {
        markdown.Append(CultureInfo.InvariantCulture,
            $"| {t.Trail} | {t.Records:N0} | {t.Checkpoints:N0} | {t.Read.TotalSeconds:F2} s | {t.Verify.TotalSeconds:F2} s | **{t.RecordsPerSecond:N0}** | {(t.Intact ? "yes" : "NO")} | {(t.PeakRssBytes is { } rss ? MiB(rss) : "")} | {(t.RecordsPerCpuSecond is { } perCpu ? perCpu.ToString("N0", CultureInfo.InvariantCulture) : "")} |\n");
    }

    markdown.AppendLine();
}

static async Task WriteAuditTrailAsync(CommandLine commandLine, CancellationToken cancellationToken)
{
    var database = Database(commandLine);
    var count = commandLine.Count("count", 1_000_000);
    var checkpointEvery = commandLine.Count("checkpoint-every", 256);
    var publicKeyFile = commandLine.RequiredText("public-key");
    commandLine.RefuseUnknown();
    await using var db = new ChildIndexDbContext(database.ContextOptions<ChildIndexDbContext>());
    await DatabaseMigrator.MigrateAsync(db, cancellationToken);
    using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    await File.WriteAllTextAsync(publicKeyFile, key.ExportSubjectPublicKeyInfoPem(), cancellationToken);
    var clock = System.Diagnostics.Stopwatch.StartNew();
    await AuditVerificationBench.WriteSyntheticTrailAsync(db, count, checkpointEvery, key, cancellationToken);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {count:N0} audit records in {clock.Elapsed.TotalSeconds:F0} s"));
}

static string MiB(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1048576.0:N1} MiB");

static string GiB(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1073741824.0:N2} GiB");
