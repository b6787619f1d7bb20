using ChildIndex.Core.Matching;

namespace ChildIndex.Api.Hosting;

/// <summary>`ChildIndex.Api reindex-search-keys [--batch-size N]`: rebuilds every child's search
/// keys after the matching rules change (docs/matching.md). Safe to repeat, and to run while the
/// directory serves: a batch is written only if none of its children changed since it was read,
/// and is otherwise read again and redone.</summary>
public static class ReindexSearchKeysCommand
{
    public const string Name = "reindex-search-keys";

    public static async Task<int> RunAsync(IServiceProvider services, string[] args)
    {
        return await BatchedCommand.RunAsync(services, args, SearchKeyReindexer.DefaultBatchSize, async batchSize =>
        {
            var reindexer = ActivatorUtilities.CreateInstance<SearchKeyReindexer>(services);
            var rebuilt = await reindexer.RebuildAllAsync(batchSize, new Progress<int>(n => Console.WriteLine($"{n} children re-indexed")), CancellationToken.None);
            Console.WriteLine($"rebuilt the search keys of {rebuilt} children");
        });
    }
}
