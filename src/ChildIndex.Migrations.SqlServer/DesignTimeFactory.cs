using ChildIndex.Core.Storage;
using Microsoft.EntityFrameworkCore.Design;

namespace ChildIndex.Migrations.SqlServer;

public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<ChildIndexDbContext>
{
    public ChildIndexDbContext CreateDbContext(string[] args) =>
        new(DatabaseSettings.ForDesignTime(DatabaseProvider.SqlServer).ContextOptions());
}
