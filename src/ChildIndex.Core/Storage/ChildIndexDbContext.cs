using ChildIndex.Core.Records;
using Microsoft.EntityFrameworkCore;

namespace ChildIndex.Core.Storage;

public sealed class ChildIndexDbContext(DbContextOptions<ChildIndexDbContext> options) : DbContext(options)
{
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

        // PostgreSQL and SQL Server enforce every HasMaxLength through the column type; SQLite
        // ignores declared lengths, so there the schema says it with CHECK constraints. Nothing
        // longer than the contract allows can be stored, whoever writes to the database.
        if (Database.IsSqlite())
        {
            AddLengthChecks(modelBuilder);
        }
    }

    private static void AddLengthChecks(ModelBuilder modelBuilder)
    {
        foreach (var entityType in modelBuilder.Model.GetEntityTypes().Where(e => !e.IsOwned()))
        {
            var table = entityType.GetTableName()!;
            var properties = entityType.GetProperties()
                .Concat(entityType.GetNavigations().Where(n => n.TargetEntityType.IsOwned()).SelectMany(n => n.TargetEntityType.GetProperties()));
            foreach (var property in properties)
            {
                if (property.ClrType == typeof(string) && property.GetMaxLength() is { } maxLength)
                {
                    var column = property.GetColumnName();
                    entityType.AddCheckConstraint($"CK_{table}_{column}_Length", $"length(\"{column}\") <= {maxLength}");
                }
            }
        }
    }
}
