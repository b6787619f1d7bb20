using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace ChildIndex.Core.Storage;

/// <summary>
/// Applies the provider's migrations: the explicit step run by `ChildIndex.Api migrate` (and by
/// ./run.sh). The service itself never creates or changes the schema.
/// </summary>
public sealed class DatabaseMigrator(ChildIndexDbContext db, DatabaseSettings settings)
{
    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken cancellationToken = default)
    {
        if (settings.Provider == DatabaseProvider.Sqlite)
        {
            var file = new SqliteConnectionStringBuilder(settings.ConnectionString).DataSource;
            if (Path.GetDirectoryName(Path.GetFullPath(file)) is { } directory)
            {
                Directory.CreateDirectory(directory);
            }
        }

        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        await db.Database.MigrateAsync(cancellationToken);

        if (settings.Provider == DatabaseProvider.Sqlite)
        {
            // WAL lets searches read while a registration writes; the setting lives in the file.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }

        return pending;
    }
}
