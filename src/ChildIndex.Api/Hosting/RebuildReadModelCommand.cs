using System.Globalization;
using ChildIndex.Core.ReadModel;
using ChildIndex.Core.Storage;
using ChildIndex.ServiceDefaults;

namespace ChildIndex.Api.Hosting;

/// <summary>
/// `ChildIndex.Api rebuild-read-model [--batch-size N]`: rewrites every child's read-model document
/// from the entity tables (docs/decisions/0011-read-model.md), for a database written by something
/// that bypassed the service, or after a change to what a record holds. `migrate` writes the missing
/// ones by itself (<see cref="WriteMissingAsync"/>). Safe to repeat, and to run while the service runs.
/// </summary>
public static class RebuildReadModelCommand
{
    public const string Name = "rebuild-read-model";

    public static async Task<int> RunAsync(IServiceProvider services, string[] args)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(args);
        var batchSize = ReadModelRebuild.DefaultBatchSize;
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

        var rebuild = ActivatorUtilities.CreateInstance<ReadModelRebuild>(services);
        var written = await rebuild.RewriteAllAsync(batchSize, new Progress<int>(n => Console.WriteLine($"{n} children written")), CancellationToken.None);
        Console.WriteLine($"rewrote the read-model documents of {written} children");
        return 0;
    }

    /// <summary>The data step of `migrate`: a database that predates the read model, or one loaded
    /// past it, gets a document for every child that lacks one before the service serves it.</summary>
    public static async Task<string> WriteMissingAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var rebuild = ActivatorUtilities.CreateInstance<ReadModelRebuild>(services);
        var written = await rebuild.WriteMissingAsync(ReadModelRebuild.DefaultBatchSize, progress: null, cancellationToken);
        return written == 0
            ? "every child has its read-model document"
            : $"wrote the read-model documents of {written} children that had none";
    }
}
