using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using SQLitePCL;

namespace ChildIndex.Core.Storage;

/// <summary>
/// On SQLite, writes the rows a SaveChanges would insert for the context's added entities with one
/// prepared INSERT per table, reused for every row, and leaves them tracked as unchanged; what is
/// left (updates, and rows whose principal it could not insert first) goes to SaveChanges as
/// before. A bulk registration adds about eight rows a child: EF Core builds, and SQLite prepares,
/// a statement for each of them, which cost more than the inserts (ADR 4). Columns, conversions and
/// parameter types all come from the EF model, so the rows are those SaveChanges would write.
/// A generated key is read back from the connection (last_insert_rowid), not with RETURNING:
/// SQLite runs RETURNING as a trigger, so every such INSERT into a table with a unique index opened
/// a statement journal and copied each page it touched that the batch had already changed into a
/// temporary file, which was half of all the bytes a bulk registration wrote (docs/benchmarks.md).
/// Other providers batch their inserts already; there it does nothing.
/// </summary>
public static class SqliteInserts
{
    /// <summary>Inserts the added entities, within the context's current transaction.</summary>
    /// <exception cref="DbUpdateException">A row broke a constraint, as SaveChanges would say it.</exception>
    public static async Task WriteAddedAsync(DbContext db, CancellationToken cancellationToken)
    {
        if (!db.Database.IsSqlite())
        {
            return;
        }

        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("the inserts run inside the caller's transaction");
        var pending = db.ChangeTracker.Entries()
            .Where(e => e.State == EntityState.Added && !e.Metadata.IsOwned())
            .ToList();
        var commands = new Dictionary<IEntityType, TableInsert>();
        try
        {
            // Principals first: a row goes in once every key it refers to is real, which its
            // principal's insert (or an earlier SaveChanges) made it.
            while (pending.Count > 0)
            {
                var ready = pending.Where(e => !e.Properties.Any(p => p.IsTemporary && p.Metadata.IsForeignKey())).ToList();
                if (ready.Count == 0)
                {
                    break;
                }

                foreach (var entry in ready)
                {
                    if (!commands.TryGetValue(entry.Metadata, out var insert))
                    {
                        insert = TableInsert.For(entry.Metadata, (SqliteConnection)transaction.Connection!, (SqliteTransaction)transaction);
                        commands[entry.Metadata] = insert;
                    }

                    await insert.WriteAsync(entry, cancellationToken);
                }

                pending = [.. pending.Where(e => e.State == EntityState.Added)];
            }
        }
        catch (SqliteException error) when (error.SqliteErrorCode == 19)
        {
            // SQLITE_CONSTRAINT: the exception SaveChanges would throw, so callers handle one kind.
            throw new DbUpdateException("a row was refused by a constraint", error);
        }
        finally
        {
            foreach (var insert in commands.Values)
            {
                insert.Dispose();
            }
        }
    }

    /// <summary>One table's INSERT, with its owned types' columns (their rows are the owner's).</summary>
    private sealed class TableInsert : IDisposable
    {
        private readonly SqliteCommand _command;
        private readonly List<(INavigation? Owned, IProperty Property, RelationalTypeMapping Mapping, DbParameter Parameter)> _columns;
        private readonly IProperty? _generatedKey;

        private TableInsert(SqliteCommand command, List<(INavigation?, IProperty, RelationalTypeMapping, DbParameter)> columns, IProperty? generatedKey)
        {
            _command = command;
            _columns = columns;
            _generatedKey = generatedKey;
        }

        public static TableInsert For(IEntityType type, SqliteConnection connection, SqliteTransaction transaction)
        {
            var table = StoreObjectIdentifier.Table(type.GetTableName()!, type.GetSchema());
            var generatedKey = type.FindPrimaryKey() is { Properties: [{ ValueGenerated: ValueGenerated.OnAdd } key] } ? key : null;
            // The key is read back as the row's rowid, which only an INTEGER PRIMARY KEY is.
            if (generatedKey is not null && generatedKey.ClrType != typeof(long) && generatedKey.ClrType != typeof(int))
            {
                throw new NotSupportedException($"{table.Name}'s generated key is not an integer: insert it with SaveChanges");
            }

            var command = connection.CreateCommand();
            command.Transaction = transaction;
            var columns = new List<(INavigation?, IProperty, RelationalTypeMapping, DbParameter)>();
            var names = new List<string>();
            void Add(INavigation? owned, IProperty property)
            {
                var column = property.GetColumnName(table);
                if (column is null || property == generatedKey || (owned is not null && property.IsPrimaryKey()))
                {
                    return;
                }

                // SaveChanges leaves such a column to the database when the value is the CLR default;
                // these inserts always write the value, so a column the database computes is refused
                // here rather than silently given the CLR default.
                if (property.GetDefaultValueSql(table) is not null || property.GetComputedColumnSql(table) is not null)
                {
                    throw new NotSupportedException($"{table.Name}.{column} takes its value from the database: insert it with SaveChanges");
                }

                var mapping = (RelationalTypeMapping)property.GetRelationalTypeMapping();
                var parameter = mapping.CreateParameter(command, $"@p{names.Count}", null, nullable: true);
                command.Parameters.Add(parameter);
                columns.Add((owned, property, mapping, parameter));
                names.Add(column);
            }

            foreach (var property in type.GetProperties())
            {
                Add(null, property);
            }

            foreach (var navigation in type.GetNavigations().Where(n => n.TargetEntityType.IsOwned() && n.TargetEntityType.GetTableName() == table.Name))
            {
                foreach (var property in navigation.TargetEntityType.GetProperties())
                {
                    Add(navigation, property);
                }
            }

            command.CommandText =
                $"INSERT INTO \"{table.Name}\" ({string.Join(", ", names.Select(n => $"\"{n}\""))}) " +
                $"VALUES ({string.Join(", ", names.Select((_, i) => $"@p{i}"))})";
            command.Prepare();
            return new TableInsert(command, columns, generatedKey);
        }

        public async Task WriteAsync(EntityEntry entry, CancellationToken cancellationToken)
        {
            var owned = new Dictionary<INavigation, EntityEntry?>();
            foreach (var (navigation, property, mapping, parameter) in _columns)
            {
                EntityEntry? source = entry;
                if (navigation is not null)
                {
                    if (!owned.TryGetValue(navigation, out source))
                    {
                        source = entry.Reference(navigation).TargetEntry;
                        owned[navigation] = source;
                    }
                }

                var value = source?.Property(property).CurrentValue;
                parameter.Value = (value is null ? null : mapping.Converter?.ConvertToProvider(value) ?? value) ?? DBNull.Value;
            }

            await _command.ExecuteNonQueryAsync(cancellationToken);
            if (_generatedKey is not null)
            {
                var key = raw.sqlite3_last_insert_rowid(_command.Connection!.Handle);
                // Replacing the temporary key propagates it to the dependents' foreign keys.
                entry.Property(_generatedKey).CurrentValue = Convert.ChangeType(key, _generatedKey.ClrType, System.Globalization.CultureInfo.InvariantCulture);
            }

            entry.State = EntityState.Unchanged;
            foreach (var target in owned.Values)
            {
                if (target is { State: EntityState.Added })
                {
                    target.State = EntityState.Unchanged;
                }
            }
        }

        public void Dispose() => _command.Dispose();
    }
}
