using ChildIndex.Core.Records;
using ChildIndex.Common.Storage;
using Microsoft.EntityFrameworkCore;

namespace ChildIndex.Core.Storage;

public sealed class ChildIndexDbContext(DbContextOptions<ChildIndexDbContext> options) : DbContext(options)
{
    public const string DefaultSqliteFile = "childindex.db";

    public DbSet<Child> Children => Set<Child>();
    public DbSet<OtherName> OtherNames => Set<OtherName>();
    public DbSet<Carer> Carers => Set<Carer>();
    public DbSet<LocalIdentifier> LocalIdentifiers => Set<LocalIdentifier>();
    public DbSet<Involvement> Involvements => Set<Involvement>();
    public DbSet<SearchKey> SearchKeys => Set<SearchKey>();
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ChildIndexDbContext).Assembly);

        if (Database.IsSqlite())
        {
            modelBuilder.AddSqliteLengthChecks();
        }
    }
}
