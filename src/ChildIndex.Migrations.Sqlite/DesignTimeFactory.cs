using ChildIndex.Core.Storage;
using Microsoft.EntityFrameworkCore.Design;

namespace ChildIndex.Migrations.Sqlite;

public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<ChildIndexDbContext>
{
    public ChildIndexDbContext CreateDbContext(string[] args) =>
        new(DatabaseSettings.ForDesignTime(DatabaseProvider.Sqlite).ContextOptions());
}
