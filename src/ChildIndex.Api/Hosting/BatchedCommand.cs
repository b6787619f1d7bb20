using System.Globalization;
using ChildIndex.Core.Storage;
using ChildIndex.ServiceDefaults;

namespace ChildIndex.Api.Hosting;

/// <summary>What the directory's batched maintenance commands share: their `--batch-size N` option
/// and the refusal to touch a database whose schema is not current.</summary>
internal static class BatchedCommand
{
    /// <summary>Runs <paramref name="work"/> with the batch size asked for; 2 for a bad option, 1
    /// for a database with migrations pending, else 0.</summary>
    public static async Task<int> RunAsync(IServiceProvider services, string[] args, int defaultBatchSize, Func<int, Task> work)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(args);
        var batchSize = defaultBatchSize;
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

        await work(batchSize);
        return 0;
    }
}
