using ChildIndex.Core.ReadModel;
using ChildIndex.Core.Records;
using ChildIndex.DemoData;
using ChildIndex.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChildIndex.IntegrationTests.ReadModel;

/// <summary>The demo seeder writes through the same operations as agencies, so its children's
/// documents (registered, involved, shielded, with a sensitive service) equal their tables too.</summary>
public sealed class DemoSeedReadModelTests(SqliteDirectoryServer server) : IClassFixture<SqliteDirectoryServer>
{
    [Fact]
    public async Task SeedDemo_LeavesEveryChildsDocumentEqualToItsTables()
    {
        await using (var scope = server.Services.CreateAsyncScope())
        {
            await DemoSeeder.SeedAsync(scope.ServiceProvider, CancellationToken.None);
        }

        await using var db = server.CreateDbContext();
        var children = await db.Children.AsNoTracking()
            .Include(c => c.OtherNames).Include(c => c.Carers).Include(c => c.LocalIds).Include(c => c.Involvements)
            .AsSplitQuery()
            .ToListAsync();
        var documents = await db.ChildDocuments.AsNoTracking().ToDictionaryAsync(d => d.IndexId);

        Assert.Equal(DemoSeeder.Count, children.Count);
        Assert.Equal(children.Count, documents.Count);
        Assert.Contains(children, c => c.Shielded);
        Assert.All(children, child => Assert.Equal(RecordMapping.ToContract(child), ChildDocuments.Parse(documents[child.IndexId])));
    }
}
