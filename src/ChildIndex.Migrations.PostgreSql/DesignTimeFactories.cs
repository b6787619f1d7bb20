using ChildIndex.Core.Storage;
using ChildIndex.Identity.Core.Storage;
using ChildIndex.Common.Storage;
using Microsoft.EntityFrameworkCore.Design;

namespace ChildIndex.Migrations.PostgreSql;

public sealed class DirectoryDesignTimeFactory : IDesignTimeDbContextFactory<ChildIndexDbContext>
{
    public ChildIndexDbContext CreateDbContext(string[] args) =>
        new(DatabaseSettings.ForDesignTime(DatabaseProvider.PostgreSql).ContextOptions<ChildIndexDbContext>());
}

public sealed class IdentityDesignTimeFactory : IDesignTimeDbContextFactory<IdentityStoreDbContext>
{
    public IdentityStoreDbContext CreateDbContext(string[] args) => IdentityStoreDbContext.Create(DatabaseSettings.ForDesignTime(DatabaseProvider.PostgreSql));
}
