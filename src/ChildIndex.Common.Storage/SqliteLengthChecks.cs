using Microsoft.EntityFrameworkCore;

namespace ChildIndex.Common.Storage;

public static class SqliteLengthChecks
{
    /// <summary>
    /// PostgreSQL and SQL Server enforce every HasMaxLength through the column type; SQLite ignores
    /// declared lengths, so there the schema says it with CHECK constraints. Nothing longer than the
    /// contract allows can be stored, whoever writes to the database. Call last in OnModelCreating.
    /// </summary>
    public static void AddSqliteLengthChecks(this ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
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
