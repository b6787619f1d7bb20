using ChildIndex.Core.ReadModel;

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
        return await BatchedCommand.RunAsync(services, args, ReadModelRebuild.DefaultBatchSize, async batchSize =>
        {
            var rebuild = ActivatorUtilities.CreateInstance<ReadModelRebuild>(services);
            var written = await rebuild.RewriteAllAsync(batchSize, new Progress<int>(n => Console.WriteLine($"{n} children written")), CancellationToken.None);
            Console.WriteLine($"rewrote the read-model documents of {written} children");
        });
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
