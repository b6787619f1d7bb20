using System.Globalization;
using ChildIndex.Core.Matching;
using ChildIndex.Core.Storage;
using ChildIndex.ServiceDefaults;

namespace ChildIndex.Api.Hosting;

/// <summary>`ChildIndex.Api reindex-search-keys [--batch-size N]`: rebuilds every child's search
/// keys after the matching rules change (docs/matching.md). Safe to repeat; best run while
/// registrations are paused, since a child updated during its batch may get keys of the old details
/// until its next update (run it again to be sure).</summary>
public static class ReindexSearchKeysCommand
{
    public const string Name = "reindex-search-keys";

    public static async Task<int> RunAsync(IServiceProvider services, string[] args)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(args);
        var batchSize = SearchKeyReindexer.DefaultBatchSize;
        var option = Array.IndexOf(args, "--batch-size");
        if (option >= 0 && (option + 1 >= args.Length || !int.TryParse(args[option + 1], NumberStyles.None, CultureInfo.InvariantCulture, out batchSize) || batchSize < 1))
        {
            await Console.Error.WriteLineAsync("--batch-size needs a whole number of children, at least 1");
            return 2;
        }

        if (!await ServerCommands.SchemaIsCurrentAsync(services.GetRequiredService<ChildIndexDbContext>(), "ChildIndex.Api"))
        {
            return 1;
        }

        var reindexer = ActivatorUtilities.CreateInstance<SearchKeyReindexer>(services);
        var rebuilt = await reindexer.RebuildAllAsync(batchSize, new Progress<int>(n => Console.WriteLine($"{n} children re-indexed")), CancellationToken.None);
        Console.WriteLine($"rebuilt the search keys of {rebuilt} children");
        return 0;
    }
}
